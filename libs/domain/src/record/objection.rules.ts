/** 异议 and its four outcomes, each consequence its own event (domain.md §4.5). */
import { selectPolicy } from '../policies/policies';
import { DomainError } from '../shared/domain-error';
import { OBJECTION_OUTCOMES, RECORD_CATEGORIES, SEVERITIES } from '../shared/enums';
import { assertNotInFuture, checks } from '../shared/validation';
import { BusinessDate, isAfter, isBefore } from '../values/business-date';
import { DecideObjection, FileObjection } from './record.commands';
import { CORRECTABLE_FIELDS, CorrectableField, FieldChange, LISTING_TERMS, RecordEvent } from './record.events';
import { requireActiveRecord } from './record.guards';
import { earliestRepairOn, isListingRevoked, isPublicationOpenOn, openObligations } from './record.queries';
import { DishonestyRecord, evolveRecord, listingTermsUnder, RecordState } from './record.state';

export function fileObjection({ data, today }: FileObjection, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  checks()
    .id('objectionId', data.objectionId)
    .date('filedOn', data.filedOn)
    .text('grounds', data.grounds)
    .notBefore('filedOn', data.filedOn, 'finding.findingOn', record.finding.findingOn)
    .done();
  assertNotInFuture({ filedOn: data.filedOn }, today);
  if (record.objections.some((o) => o.objectionId === data.objectionId)) {
    throw new DomainError('CONFLICT', `objection ${data.objectionId} already exists`);
  }
  // Several objections may await decision at once (domain.md §4.5 sets no limit); each is decided on its own.
  return [
    { type: 'ObjectionFiled', data: { recordId: record.recordId, objectionId: data.objectionId, filedOn: data.filedOn, grounds: data.grounds } },
  ];
}

export function decideObjection({ data, today }: DecideObjection, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  checks().date('decidedOn', data.decidedOn).oneOf('outcome', data.outcome, OBJECTION_OUTCOMES).text('reason', data.reason).done();
  assertNotInFuture({ decidedOn: data.decidedOn }, today);
  const objection = record.objections.find((o) => o.objectionId === data.objectionId);
  if (!objection) throw new DomainError('OBJECTION_NOT_FOUND', `objection ${data.objectionId} not found`);
  if (objection.decision) throw new DomainError('OBJECTION_ALREADY_DECIDED', `objection ${data.objectionId} was already decided`);
  checks().notBefore('decidedOn', data.decidedOn, 'filedOn', objection.filedOn).done();

  const { objectionId, decidedOn, outcome, reason } = data;
  const decided: RecordEvent = { type: 'ObjectionDecided', data: { recordId: record.recordId, objectionId, decidedOn, outcome, reason } };
  switch (outcome) {
    case 'REJECTED':
      return [decided];
    case 'CORRECTED':
      return [decided, recordCorrected(record, data, today)];
    case 'RECORD_REVOKED':
      return [decided, ...recordRevocation(record, objectionId, decidedOn, reason)];
    case 'LISTING_REVOKED':
      return [decided, ...listingRevocation(record, objectionId, decidedOn)];
    default: {
      const unexpected: never = outcome;
      return unexpected;
    }
  }
}

/** Each changed field with old and new value; derived periods follow from the corrected facts. */
function recordCorrected(record: DishonestyRecord, data: DecideObjection['data'], today: BusinessDate): RecordEvent {
  const corrections = data.corrections ?? {};
  const c = checks();
  const fields = Object.keys(corrections);
  if (fields.length === 0) c.fail('corrections', 'CORRECTED needs at least one corrected field');
  for (const field of fields) {
    if (!(CORRECTABLE_FIELDS as readonly string[]).includes(field)) c.fail(`corrections.${field}`, 'is not a correctable field');
  }
  c.done();
  const current: Record<CorrectableField, string> = {
    severity: record.severity,
    category: record.category,
    occurredOn: record.occurredOn,
    findingOn: record.finding.findingOn,
    description: record.description,
    documentNo: record.finding.documentNo,
  };
  const next = { ...current, ...corrections } as Record<CorrectableField, string>;
  checks()
    .oneOf('corrections.severity', next.severity, SEVERITIES)
    .oneOf('corrections.category', next.category, RECORD_CATEGORIES)
    .date('corrections.occurredOn', next.occurredOn)
    .date('corrections.findingOn', next.findingOn)
    .notBefore('corrections.findingOn', next.findingOn, 'occurredOn', next.occurredOn)
    .text('corrections.description', next.description)
    .text('corrections.documentNo', next.documentNo, 200)
    .done();
  assertNotInFuture({ 'corrections.occurredOn': next.occurredOn, 'corrections.findingOn': next.findingOn }, today);
  // What answered the finding cannot come to precede it: the dates that must follow findingOn
  // (an order, an objection, a decision, a mitigation) keep following the corrected one.
  const answer = firstAnswerTo(record);
  if (next.findingOn !== current.findingOn && answer && isAfter(next.findingOn, answer.on)) {
    checks().fail('corrections.findingOn', `must not be after ${answer.what} (${answer.on}), which answers the finding`).done();
  }

  const changes: FieldChange[] = CORRECTABLE_FIELDS.filter((f) => next[f] !== current[f]).map((field) => ({
    field,
    oldValue: current[field],
    newValue: next[field],
  }));
  if (changes.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'the corrections change nothing', {
      errors: [{ field: 'corrections', message: 'must change at least one value' }],
    });
  }
  // A corrected findingOn is judged under the version in force on it — recorded, never silent.
  const policyVersion = selectPolicy(record.policyProfile, next.findingOn).version;
  if (policyVersion !== record.policyVersion) {
    changes.push({ field: 'policyVersion', oldValue: record.policyVersion, newValue: policyVersion });
  }
  // So are the listing's periods (domain.md §4.5: derived periods are recomputed from the corrected
  // values): from its listedOn, under the version the corrected record falls under.
  const listing = record.listing;
  if (listing && listing.policyVersion !== policyVersion) {
    const terms = listingTermsUnder(listing, policyVersion);
    for (const term of LISTING_TERMS) {
      if (terms[term] !== listing[term]) changes.push({ field: `listing.${term}`, oldValue: listing[term], newValue: terms[term] });
    }
  }
  const event: RecordEvent = { type: 'RecordCorrected', data: { recordId: record.recordId, objectionId: data.objectionId, correctedOn: data.decidedOn, changes } };
  assertRepairsStillEligible(record, evolveRecord(record, event) as DishonestyRecord, changes);
  return event;
}

/**
 * A granted repair was judged against the finding's periods: a correction that would put it before
 * the corrected earliest eligible day (a later findingOn, a graver severity, a longer minimum under
 * another policy version) would leave the archive with a repair granted before it was allowed. The
 * correction is refused on the field that moved the day; the repair stays as it was.
 */
function assertRepairsStillEligible(record: DishonestyRecord, corrected: DishonestyRecord, changes: FieldChange[]): void {
  const earliest = earliestRepairOn(corrected);
  if (earliest === null) return;
  const early = record.repairs.find((r) => r.decision?.granted && isBefore(r.decision.decidedOn, earliest));
  if (!early) return;
  const moved = ['findingOn', 'severity'].find((field) => changes.some((c) => c.field === field));
  checks()
    .fail(
      moved ? `corrections.${moved}` : 'corrections',
      `would make repair application ${early.applicationId}, granted on ${early.decision!.decidedOn}, come before the corrected earliest eligible day (${earliest})`,
    )
    .done();
}

/** The earliest fact dated in answer to the finding, if any. */
function firstAnswerTo(record: DishonestyRecord): { on: BusinessDate; what: string } | undefined {
  const facts = [
    ...record.orders.map((o) => ({ on: o.orderedOn, what: `the orderedOn of ${o.orderId}` })),
    ...record.objections.map((o) => ({ on: o.filedOn, what: `the filedOn of objection ${o.objectionId}` })),
    ...record.accountabilityDecisions.map((d) => ({ on: d.decidedOn, what: 'the decidedOn of an accountability decision' })),
    ...(record.mitigation ? [{ on: record.mitigation.decidedOn, what: 'the decidedOn of the mitigation' }] : []),
  ];
  return facts.reduce<{ on: BusinessDate; what: string } | undefined>((first, fact) => (!first || isBefore(fact.on, first.on) ? fact : first), undefined);
}

/**
 * The record was wrong from the start: it is revoked; any listing ends, any ban is voided (as if
 * never in force), publication ends, open accountability obligations are cancelled.
 */
function recordRevocation(record: DishonestyRecord, objectionId: string, on: BusinessDate, reason: string): RecordEvent[] {
  const { recordId } = record;
  const events: RecordEvent[] = [{ type: 'RecordRevoked', data: { recordId, objectionId, revokedOn: on, reason } }];
  // Also a listing already ended (by repair, or its period run out): the revocation says it never
  // was in force (isListingRevoked), which only its own delisting records.
  if (record.listing && !isListingRevoked(record)) {
    events.push({ type: 'InstitutionDelisted', data: { recordId, uscc: record.listing.uscc, delistedOn: on, reason: 'RECORD_REVOKED' } });
  }
  if (record.ban && !record.ban.voided) {
    events.push({ type: 'AwardBanVoided', data: { banId: record.ban.banId, recordId, voidedOn: on, reason: 'RECORD_REVOKED', objectionId } });
  }
  if (isPublicationOpenOn(record, on)) {
    events.push({ type: 'PublicationEnded', data: { recordId, endedOn: on, reason: 'RECORD_REVOKED' } });
  }
  for (const obligation of openObligations(record)) {
    events.push({
      type: 'AccountabilityObligationCancelled',
      data: { recordId, obligationId: obligation.obligationId, cancelledOn: on, reason: 'RECORD_REVOKED' },
    });
  }
  return events;
}

/**
 * The record stands but the lapse was wrong: delist (also a listing already ended: it never was in
 * force), void the ban, and cancel the accountability the lapse required and no one has decided
 * yet (a record lapses once, so every obligation it holds is the lapse's): a leader is not held to
 * account for a lapse found wrong. A decision already taken stays, with the rest of the history.
 */
function listingRevocation(record: DishonestyRecord, objectionId: string, on: BusinessDate): RecordEvent[] {
  if (!record.listing || !record.ban) throw new DomainError('NOT_LISTED', 'this record did not lead to a listing');
  const { recordId } = record;
  const events: RecordEvent[] = [];
  if (!isListingRevoked(record)) {
    events.push({ type: 'InstitutionDelisted', data: { recordId, uscc: record.listing.uscc, delistedOn: on, reason: 'LISTING_REVOKED' } });
  }
  if (!record.ban.voided) {
    events.push({ type: 'AwardBanVoided', data: { banId: record.ban.banId, recordId, voidedOn: on, reason: 'LISTING_REVOKED', objectionId } });
  }
  for (const obligation of openObligations(record)) {
    events.push({
      type: 'AccountabilityObligationCancelled',
      data: { recordId, obligationId: obligation.obligationId, cancelledOn: on, reason: 'LISTING_REVOKED' },
    });
  }
  return events;
}
