import type { StoredEvent } from '@app/event-store';

/**
 * Saga listing revocation → red list: an ObjectionDecided that found a listing wrong
 * (LISTING_REVOKED or RECORD_REVOKED), or an ExemplarRevoked for 联合惩戒 (JOINT_PUNISHMENT).
 */
export class VoidJointPunishmentsCommand {
  constructor(readonly trigger: StoredEvent) {}
}
