import type { StoredEvent } from '@app/event-store';

/** Saga breach → record: the breach event the record is opened for. */
export class OpenRecordForBreachCommand {
  constructor(readonly breach: StoredEvent) {}
}
