/** 信用修复 (domain.md §4.6) — and what it may not do: it never touches an award ban. */
import { DomainError } from '../shared/domain-error';
import { assertNotInFuture, checks } from '../shared/validation';
import { isBefore } from '../values/business-date';
import { ApplyForRepair, DecideRepair } from './record.commands';
import { RecordEvent } from './record.events';
import { requireActiveRecord } from './record.guards';
import { earliestRepairOn, isInPublicationOn, isListedOn, isListingOpenOn, isPublicationOpenOn, outstandingOrder } from './record.queries';
import { RecordState } from './record.state';

export function applyForRepair({ data, today }: ApplyForRepair, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  checks().id('applicationId', data.applicationId).date('appliedOn', data.appliedOn).boolean('pledgeSigned', data.pledgeSigned).text('evidence', data.evidence).done();
  assertNotInFuture({ appliedOn: data.appliedOn }, today);
  // 信用承诺书 is a condition of every application.
  if (data.pledgeSigned !== true) throw new DomainError('REPAIR_PLEDGE_REQUIRED', 'a signed credit pledge is required');
  if (record.repairs.some((r) => r.applicationId === data.applicationId)) {
    throw new DomainError('CONFLICT', `application ${data.applicationId} already exists`);
  }
  if (record.repairs.some((r) => !r.decision)) {
    throw new DomainError('REPAIR_APPLICATION_PENDING', 'an application is already awaiting decision');
  }
  // Repair takes down what is published: the record, or the listing it led to.
  const earliestEligibleOn = earliestRepairOn(record);
  if (earliestEligibleOn === null || (!isInPublicationOn(record, data.appliedOn) && !isListedOn(record, data.appliedOn))) {
    throw new DomainError('NOT_IN_PUBLICATION', 'the record is not in publication');
  }
  if (isBefore(data.appliedOn, earliestEligibleOn)) {
    throw new DomainError('REPAIR_NOT_YET_ELIGIBLE', `repair can be applied for from ${earliestEligibleOn}`, { earliestEligibleOn });
  }
  if (outstandingOrder(record)) {
    throw new DomainError('RECTIFICATION_NOT_COMPLETED', 'an ordered rectification has not been accepted');
  }
  return [
    {
      type: 'RepairApplied',
      data: { recordId: record.recordId, applicationId: data.applicationId, appliedOn: data.appliedOn, pledgeSigned: true, evidence: data.evidence },
    },
  ];
}

/** A grant ends publication and delists; the award ban runs on untouched. */
export function decideRepair({ data, today }: DecideRepair, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  checks().date('decidedOn', data.decidedOn).boolean('granted', data.granted).text('reason', data.reason).done();
  assertNotInFuture({ decidedOn: data.decidedOn }, today);
  const application = record.repairs.find((r) => r.applicationId === data.applicationId);
  if (!application) throw new DomainError('REPAIR_APPLICATION_NOT_FOUND', `application ${data.applicationId} not found`);
  if (application.decision) throw new DomainError('REPAIR_ALREADY_DECIDED', `application ${data.applicationId} was already decided`);
  checks().notBefore('decidedOn', data.decidedOn, 'appliedOn', application.appliedOn).done();

  const { recordId } = record;
  const { applicationId, decidedOn, granted, reason } = data;
  const events: RecordEvent[] = [{ type: 'RepairDecided', data: { recordId, applicationId, decidedOn, granted, reason } }];
  if (!granted) return events;
  if (isPublicationOpenOn(record, decidedOn)) events.push({ type: 'PublicationEnded', data: { recordId, endedOn: decidedOn, reason: 'REPAIRED' } });
  if (record.listing && isListingOpenOn(record, decidedOn)) {
    events.push({ type: 'InstitutionDelisted', data: { recordId, uscc: record.listing.uscc, delistedOn: decidedOn, reason: 'REPAIRED' } });
  }
  return events;
}
