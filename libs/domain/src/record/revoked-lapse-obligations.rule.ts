/** The accountability a lapse found wrong left open (domain.md §4.4–4.5). */
import { DomainError } from '../shared/domain-error';
import { CancelRevokedLapseObligations } from './record.commands';
import { RecordEvent } from './record.events';
import { requireRecord } from './record.guards';
import { openObligations } from './record.queries';
import { RecordState } from './record.state';

/**
 * An objection decided `LISTING_REVOKED` (the lapse was wrong) cancels the lapse's obligations not
 * yet decided, in its own append. Logs written before it did hold such decisions with obligations
 * still OPEN: this rule, sent by a saga for each such decision, cancels them as the decision would
 * have (reason `LISTING_REVOKED`). Every open obligation of the record is the lapse's (a record lapses
 * once; a leader correction only moves the lapse's obligation to another leader).
 *
 * Dated the objection's decidedOn, not the day the saga runs: the fact that made them moot is the
 * decision, and a discipline body reading the trace should see the obligation end on the day the
 * lapse was found wrong, as it does for a decision taken since (the decider dates the cancellation
 * in the same append with decidedOn). The leader-correction saga dates its corrections "that day"
 * because the fact it answers (a late appointment) has no date of its own saying when the
 * obligation became wrong; here it has.
 *
 * Nothing when none is open: the decision cancelled them (a log written since), a discipline body
 * decided them (a decision already taken stays), or the record was revoked since (its revocation
 * cancelled them).
 */
export function cancelRevokedLapseObligations({ data }: CancelRevokedLapseObligations, state: RecordState): RecordEvent[] {
  const record = requireRecord(state);
  // Revoked as wrong since: the revocation cancelled every obligation; nothing may happen to it.
  if (record.status === 'REVOKED') return [];
  const objection = record.objections.find((o) => o.objectionId === data.objectionId);
  if (!objection) throw new DomainError('OBJECTION_NOT_FOUND', `objection ${data.objectionId} not found`);
  if (objection.decision?.outcome !== 'LISTING_REVOKED') {
    throw new DomainError('VALIDATION_FAILED', `objection ${data.objectionId} was not decided LISTING_REVOKED`, {
      errors: [{ field: 'objectionId', message: 'must name an objection decided LISTING_REVOKED' }],
    });
  }
  const cancelledOn = objection.decision.decidedOn;
  return openObligations(record).map((obligation) => ({
    type: 'AccountabilityObligationCancelled',
    data: { recordId: record.recordId, obligationId: obligation.obligationId, cancelledOn, reason: 'LISTING_REVOKED' },
  }));
}
