import type { StoredEvent } from '@app/event-store';

/**
 * Saga official's restriction → red list: an event that may change whether an official's record
 * restricts award evaluations on a day of one of the official's titles (the record entered,
 * corrected, revoked, exempted, out of publication early) or a title of an official designated.
 */
export class RevokeRestrictedOfficialTitlesCommand {
  constructor(readonly trigger: StoredEvent) {}
}
