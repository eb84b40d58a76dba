import type { StoredEvent } from '@app/event-store';

/** Saga red list → listing (联合惩戒, the other way round): the ExemplarDesignated event. */
export class RevokeDesignationIfListedCommand {
  constructor(readonly designation: StoredEvent) {}
}
