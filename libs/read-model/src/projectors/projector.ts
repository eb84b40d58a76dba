import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';

/**
 * A projection of the log into read tables. `apply` runs inside the transaction that also
 * advances the projector's checkpoint, and only sees events after that checkpoint.
 */
export interface Projector {
  readonly name: string;
  apply(events: StoredEvent[], manager: EntityManager): Promise<void>;
}
