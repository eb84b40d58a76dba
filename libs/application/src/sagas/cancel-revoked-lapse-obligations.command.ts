import type { StoredEvent } from '@app/event-store';

/** Saga listing revocation → accountability: an ObjectionDecided with outcome LISTING_REVOKED. */
export class CancelRevokedLapseObligationsCommand {
  constructor(readonly decision: StoredEvent) {}
}
