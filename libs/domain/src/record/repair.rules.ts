/** 信用修复 (domain.md §4.6) — and what it may not do: it never touches an award ban. */
import { DomainError } from '../shared/domain-error';
import { assertNotInFuture, checks } from '../shared/validation';
import { BusinessDate, isBefore } from '../values/business-date';
import { ApplyForRepair, DecideRepair } from './record.commands';
import { RecordEvent } from './record.events';
import { requireActiveRecord } from './record.guards';
import { earliestRepairOn, isInPublicationOn, isListedOn, isListingOpenOn, isPublicationOpenOn, isRepairAvailable, isRepaired, openOrderOn, outstandingOrder } from './record.queries';
import { DishonestyRecord, RecordState } from './record.state';

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
  // Dated back to a day it was published, it must still be published now: after a granted repair,
  // or once its period has run out, there is nothing left to take down (domain.md §4.6).
  if (!isPublicationOpenOn(record, today) && !isListingOpenOn(record, today)) {
    throw new DomainError('NOT_IN_PUBLICATION', isRepaired(record) ? 'a repair was already granted: the record and its listing are no longer published' : 'the record and its listing are no longer published');
  }
  assertEligibleOn(record, data.appliedOn, earliestEligibleOn);
  return [
    {
      type: 'RepairApplied',
      data: { recordId: record.recordId, applicationId: data.applicationId, appliedOn: data.appliedOn, pledgeSigned: true, evidence: data.evidence },
    },
  ];
}

/**
 * What an application needs on its date, and a grant again on the day it is decided: the earliest
 * eligible day has come (an order that lapsed after the application lengthens the wait by the
 * listing's minimum), and no ordered rectification is outstanding — now, or as of that day (an
 * application back-dated before a rectification was accepted is refused too).
 */
function assertEligibleOn(record: DishonestyRecord, on: BusinessDate, earliestEligibleOn: BusinessDate | null): void {
  if (earliestEligibleOn !== null && isBefore(on, earliestEligibleOn)) {
    // Under a profile whose listing may not end before it expires (jinan-hitech: minimum = maximum),
    // the earliest day comes only once the record and its listing have left publication: the
    // refusal says so instead of naming a day on which the application would be refused again.
    if (!isRepairAvailable(record)) {
      throw new DomainError(
        'REPAIR_NOT_YET_ELIGIBLE',
        `repair is not available for this record: by the earliest eligible day (${earliestEligibleOn}) it has left publication and the list; it leaves them on its own`,
        { earliestEligibleOn, repairable: false },
      );
    }
    throw new DomainError('REPAIR_NOT_YET_ELIGIBLE', `repair can be applied for and granted from ${earliestEligibleOn}`, { earliestEligibleOn, repairable: true });
  }
  const order = outstandingOrder(record) ?? openOrderOn(record, on);
  if (order) {
    throw new DomainError('RECTIFICATION_NOT_COMPLETED', `ordered rectification ${order.orderId} had not been accepted on ${on}`, { orderId: order.orderId });
  }
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
  // What made the application admissible may have changed since (a lapse, a new order): a grant
  // is held to the same rules on its own date. A refusal can always be recorded.
  // (A record corrected to MINOR since has no eligible day, yet an open order still holds the grant back.)
  assertEligibleOn(record, decidedOn, earliestRepairOn(record));
  if (isPublicationOpenOn(record, decidedOn)) events.push({ type: 'PublicationEnded', data: { recordId, endedOn: decidedOn, reason: 'REPAIRED' } });
  if (record.listing && isListingOpenOn(record, decidedOn)) {
    events.push({ type: 'InstitutionDelisted', data: { recordId, uscc: record.listing.uscc, delistedOn: decidedOn, reason: 'REPAIRED' } });
  }
  return events;
}
