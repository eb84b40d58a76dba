import type { StoredEvent } from '@app/event-store';

/** Saga listing → red list (联合惩戒): the InstitutionListed event. */
export class RevokeExemplarsForListingCommand {
  constructor(readonly listing: StoredEvent) {}
}
