import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';

/**
 * A projection of the log into read tables. `apply` runs inside the transaction that also
 * advances the projector's checkpoint, and only sees events after that checkpoint.
 */
export interface Projector {
  readonly name: string;
  /**
   * The tables only this projector writes. `ledger rebuild` builds these afresh under other
   * names and swaps them in; a projector writes them through `context.table(name)` so the same
   * code fills the live tables and the fresh ones.
   */
  readonly tables?: readonly string[];
  /**
   * Indexes of its tables (by their migration names) that `apply` looks rows up by, beyond the
   * primary keys. A rebuild creates the fresh tables' other indexes after loading them, but these
   * before: without them every lookup of a batch scans the growing table.
   */
  readonly lookupIndexes?: readonly string[];
  apply(events: StoredEvent[], manager: EntityManager, context: ProjectionContext): Promise<void>;
}
