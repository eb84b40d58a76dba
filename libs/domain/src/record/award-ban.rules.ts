/**
 * AwardBanLiftedEarly (domain.md §4.6): the only act besides voiding that ends a ban before its
 * last day. It must name its legal basis and decision number, and happens at most once per ban.
 */
import { DomainError } from '../shared/domain-error';
import { assertNotInFuture, checks } from '../shared/validation';
import { LiftAwardBanEarly } from './record.commands';
import { RecordEvent } from './record.events';
import { requireActiveRecord } from './record.guards';
import { banStatusOn } from './record.queries';
import { RecordState } from './record.state';

export function liftAwardBanEarly({ data, today }: LiftAwardBanEarly, state: RecordState): RecordEvent[] {
  checks().date('on', data.on).text('legalBasis', data.legalBasis, 1000).text('decisionNo', data.decisionNo, 200).text('reason', data.reason).done();
  assertNotInFuture({ on: data.on }, today);
  const record = requireActiveRecord(state);
  const ban = record.ban;
  if (!ban || ban.banId !== data.banId) throw new DomainError('AWARD_BAN_NOT_FOUND', `award ban ${data.banId} not found`);
  // A ban is lifted once: another decision, even one dated earlier, would move the end the first
  // one set (its `on`), which only that recorded decision may fix.
  if (ban.liftedEarly && !ban.voided) {
    const { on: liftedOn, decisionNo } = ban.liftedEarly;
    throw new DomainError('AWARD_BAN_NOT_ACTIVE', `award ban was already lifted early on ${liftedOn} (${decisionNo})`, { banStatus: 'LIFTED_EARLY', liftedOn });
  }
  const status = banStatusOn(ban, data.on);
  if (status !== 'ACTIVE') {
    throw new DomainError('AWARD_BAN_NOT_ACTIVE', `award ban is ${status} on ${data.on}`, { banStatus: status });
  }
  const { banId, on, legalBasis, decisionNo, reason } = data;
  return [{ type: 'AwardBanLiftedEarly', data: { banId, recordId: record.recordId, on, legalBasis, decisionNo, reason } }];
}
