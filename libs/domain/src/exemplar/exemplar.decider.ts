/** Stream `exemplar-{exemplarId}`: the red list (诚信典型), domain.md §4.7. */
import { InstitutionListed, RecordEvent } from '../record/record.events';
import { isBanActiveOn, isListedOn, listingRevocationOf, restrictsOfficialOn } from '../record/record.queries';
import { DishonestyRecord, evolveRecord, initialRecordState, RecordState } from '../record/record.state';
import { DomainError } from '../shared/domain-error';
import { SUBJECT_KINDS } from '../shared/enums';
import { assertNotInFuture, assertUscc, checks } from '../shared/validation';
import { addDays, BusinessDate, isAfter, isBefore, isOnOrAfter, isOnOrBefore, maxDate } from '../values/business-date';
import { DesignateExemplar, ExemplarCommand, ExemplarDecisionContext, JOINT_PUNISHMENT, RevokeExemplar, VoidJointPunishment } from './exemplar.commands';
import { ExemplarDesignated, ExemplarEvent, ExemplarRevocationVoided, ExemplarRevocationVoidReason } from './exemplar.events';

/** A revocation for 联合惩戒 that counts as never in force: when it was, and why it was voided. */
export interface VoidedRevocation {
  revokedOn: BusinessDate;
  reason: string;
  /** The record whose listing caused it. */
  recordId: string;
  voidedOn: BusinessDate;
  voidReason: ExemplarRevocationVoided['data']['reason'];
  objectionId?: string;
}

export type ExemplarState =
  | { status: 'NONE' }
  | (ExemplarDesignated['data'] & {
      status: 'DESIGNATED';
      revoked?: { on: BusinessDate; reason: string };
      /**
       * A revocation by hand while one for 联合惩戒 from an earlier day is in force (superseded by
       * it, or decided after it): voiding that one brings it back into force (a revocation by hand
       * is never voided; one for 联合惩戒 superseded is dropped, its saga revokes again if its cause
       * still holds).
       */
      handRevocationAside?: { on: BusinessDate; reason: string };
      voidedRevocations?: VoidedRevocation[];
    });

export const initialExemplarState = (): ExemplarState => ({ status: 'NONE' });

export function evolveExemplar(state: ExemplarState, event: ExemplarEvent): ExemplarState {
  switch (event.type) {
    case 'ExemplarDesignated':
      return { status: 'DESIGNATED', ...event.data };
    case 'ExemplarRevoked': {
      if (state.status !== 'DESIGNATED') return state;
      const { handRevocationAside: _aside, revoked: _revoked, ...designated } = state;
      const { inForce, aside } = afterRevocation(state.revoked, state.handRevocationAside, { on: event.data.on, reason: event.data.reason });
      return { ...designated, revoked: inForce, ...(aside && { handRevocationAside: aside }) };
    }
    case 'ExemplarRevocationVoided': {
      if (state.status !== 'DESIGNATED' || !state.revoked) return state;
      const { revoked, handRevocationAside, ...designated } = state;
      const { recordId, voidedOn, reason: voidReason, objectionId } = event.data;
      const voided: VoidedRevocation = { revokedOn: revoked.on, reason: revoked.reason, recordId, voidedOn, voidReason, ...(objectionId !== undefined && { objectionId }) };
      return { ...designated, ...(handRevocationAside && { revoked: handRevocationAside }), voidedRevocations: [...(state.voidedRevocations ?? []), voided] };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

/**
 * The revocations that stand once `next` is appended (by valid time): the one in force, and one
 * by hand kept aside while one for 联合惩戒 from an earlier day is in force.
 * - One for 联合惩戒 (appended only from an earlier day than the one in force) takes over; one by
 *   hand it supersedes goes aside.
 * - One by hand from a later day than one for 联合惩戒 in force goes aside (the earlier of it and
 *   one already there); from the same or an earlier day it takes over (a tie goes to the one by
 *   hand, as the sagas make none over it), and what was aside (later) goes. Over one by hand in
 *   force, one by hand (appended only from an earlier day) takes over.
 * The red-list projector and the archive keep the same two.
 */
export function afterRevocation<R extends { on: BusinessDate; reason: string }>(inForce: R | undefined, aside: R | undefined, next: R): { inForce: R; aside?: R } {
  if (!inForce) return { inForce: next };
  if (next.reason === JOINT_PUNISHMENT) {
    const keptAside = inForce.reason === JOINT_PUNISHMENT ? aside : inForce;
    return { inForce: next, ...(keptAside && { aside: keptAside }) };
  }
  if (inForce.reason === JOINT_PUNISHMENT && isAfter(next.on, inForce.on)) {
    return { inForce, aside: aside && !isBefore(next.on, aside.on) ? aside : next };
  }
  return { inForce: next };
}

/**
 * The revocation in force after an exemplar's events, as evolveExemplar folds them
 * (afterRevocation); after an ExemplarRevocationVoided, the revocation by hand kept aside, if any.
 */
export function revocationInForce<E extends { type: string; data: Record<string, unknown> }>(events: readonly E[]): E | undefined {
  type Standing = { on: BusinessDate; reason: string; event: E };
  let inForce: Standing | undefined;
  let aside: Standing | undefined;
  for (const event of events) {
    if (event.type === 'ExemplarRevoked') {
      ({ inForce, aside } = afterRevocation(inForce, aside, { on: String(event.data.on), reason: String(event.data.reason), event }));
    } else if (event.type === 'ExemplarRevocationVoided') {
      inForce = aside;
      aside = undefined;
    }
  }
  return inForce?.event;
}

/** On the red list on D: designated, not past validUntil, not revoked by D (a voided revocation never was). */
export function isExemplarActiveOn(state: ExemplarState, date: BusinessDate): boolean {
  if (state.status !== 'DESIGNATED' || isBefore(date, state.designatedOn)) return false;
  if (state.validUntil !== undefined && isAfter(date, state.validUntil)) return false;
  return !(state.revoked && isOnOrAfter(date, state.revoked.on));
}

export function decideExemplar(command: ExemplarCommand, state: ExemplarState, context: ExemplarDecisionContext): ExemplarEvent[] {
  switch (command.type) {
    case 'DesignateExemplar':
      return designate(command, state, context);
    case 'RevokeExemplar':
      return revoke(command, state);
    case 'VoidJointPunishment':
      return voidJointPunishment(command, state, context);
    default: {
      const unexpected: never = command;
      throw new DomainError('VALIDATION_FAILED', `unknown command ${(unexpected as { type: string }).type}`);
    }
  }
}

export const exemplarDecider = { decide: decideExemplar, evolve: evolveExemplar, initialState: initialExemplarState };

function designate({ data, today }: DesignateExemplar, state: ExemplarState, context: ExemplarDecisionContext): ExemplarEvent[] {
  checks()
    .id('exemplarId', data.exemplarId)
    .oneOf('subject.kind', data.subject?.kind, SUBJECT_KINDS)
    .text('title', data.title, 200)
    .text('basis', data.basis)
    .date('designatedOn', data.designatedOn)
    .optionalDate('validUntil', data.validUntil)
    .notBefore('validUntil', data.validUntil, 'designatedOn', data.designatedOn)
    .done();
  if (data.subject.kind === 'INSTITUTION') assertUscc('subject.id', data.subject.id);
  else checks().personId('subject.id', data.subject.id).done();
  assertNotInFuture({ designatedOn: data.designatedOn }, today);
  if (state.status !== 'NONE') throw new DomainError('CONFLICT', `exemplar ${data.exemplarId} already exists`);
  if (!context.subjectKnown) throw new DomainError('SUBJECT_NOT_FOUND', `${data.subject.kind} ${data.subject.id} is not registered`);

  // 失信者不得评优: a subject under an award ban or on the list on designatedOn cannot be held up
  // as an example (domain.md §4.7). Only that day: a back-dated title, designated before a listing
  // (or an official's restricting record) already in the log, is a fact of its history; the sagas
  // revoke it by valid time from the first day it was listed or restricted (RevokeDesignationIfListed,
  // the restriction saga, both triggered by ExemplarDesignated), so the red list shows it in force
  // until then and revoked after.
  const records = context.records.filter(
    (r): r is DishonestyRecord => r.status !== 'NONE' && r.subject.kind === data.subject.kind && r.subject.id === data.subject.id,
  );
  const on = data.designatedOn;
  for (const record of records) {
    if (!record.ban || !isBanActiveOn(record, on)) continue;
    const banId = record.ban.banId;
    throw new DomainError('AWARD_BAN_ACTIVE', `award ban ${banId} is active on ${on}`, { banId, on });
  }
  for (const record of records) {
    if (!record.listing || !isListedOn(record, on)) continue;
    throw new DomainError('SUBJECT_LISTED', `listed for record ${record.recordId} on ${on}`, { recordId: record.recordId, on });
  }
  // An official's GENERAL or SERIOUS record in publication restricts award evaluations, as a
  // credit check for AWARD_EVALUATION answers (RESTRICTED): such an official is no example either.
  for (const record of records) {
    if (!restrictsOfficialOn(record, on)) continue;
    throw new DomainError('SUBJECT_RESTRICTED', `record ${record.recordId} restricts award evaluations of this official on ${on}`, {
      recordId: record.recordId,
      on,
    });
  }

  const { exemplarId, title, basis, designatedOn, validUntil } = data;
  return [
    {
      type: 'ExemplarDesignated',
      data: {
        exemplarId,
        subject: { kind: data.subject.kind, id: data.subject.id },
        title,
        basis,
        designatedOn,
        ...(validUntil !== undefined && { validUntil }),
      },
    },
  ];
}

/**
 * The first day in [from, to] an official's record restricts award evaluations: its publication is
 * one run from findingOn, and an exempting mitigation lasts from its decision on.
 */
function firstRestrictedDayIn(record: DishonestyRecord, from: BusinessDate, to: BusinessDate): BusinessDate | undefined {
  const day = maxDate(from, record.finding.findingOn);
  return isOnOrBefore(day, to) && restrictsOfficialOn(record, day) ? day : undefined;
}

/** The same word however written: width (NFKC), case, and anything not a letter or digit aside. */
const looksLike = (text: string, word: string): boolean => text.normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '') === word.replace(/[^A-Z0-9]/g, '');

function revoke({ data, today }: RevokeExemplar, state: ExemplarState): ExemplarEvent[] {
  const c = checks().date('on', data.on).text('reason', data.reason);
  // JOINT_PUNISHMENT is the listing saga's reason, given with the record listed: a revocation by hand
  // (the credit office) gives a reason of its own, so the red list never shows it as the saga's.
  if (typeof data.reason === 'string' && looksLike(data.reason, JOINT_PUNISHMENT) && data.causedByRecordId === undefined) {
    c.fail('reason', `${JOINT_PUNISHMENT} is given only by the revocation a listing causes; give the reason for this one`);
  }
  c.done();
  assertNotInFuture({ on: data.on }, today);
  if (state.status !== 'DESIGNATED') throw new DomainError('NOT_FOUND', `exemplar ${data.exemplarId} not found`);
  if (state.revoked && !(data.causedByRecordId !== undefined ? supersedes(state.revoked, data.on) : handRevocationCounts(state, data.on))) {
    throw new DomainError('EXEMPLAR_NOT_ACTIVE', 'the designation was already revoked');
  }
  checks().notBefore('on', data.on, 'designatedOn', state.designatedOn).done();
  const { on, reason, causedByRecordId } = data;
  return [
    {
      type: 'ExemplarRevoked',
      data: { exemplarId: state.exemplarId, on, reason, ...(causedByRecordId !== undefined && { causedByRecordId }) },
    },
  ];
}

/**
 * A title revoked for 联合惩戒 by a listing that an objection then found wrong (the listing, or the
 * whole record, revoked) gets its revocation voided: a listing revoked as wrong was never in force
 * and punishes no title (jointPunishmentRevocations), so the red list must not depend on whether
 * the listing saga reached the title before or after the objection was decided. An official's
 * title revoked because a record restricted the official (restrictionRevocations) gets it voided
 * when the record, as it stands now, did not restrict the official on the revocation's day
 * (officialRestrictionVoiding, on the record's events in `context.recordHistory`). Nothing when
 * the revocation in force is not this record's (`context.revocationCause`), or its cause stands.
 */
function voidJointPunishment({ data }: VoidJointPunishment, state: ExemplarState, context: ExemplarDecisionContext): ExemplarEvent[] {
  if (state.status !== 'DESIGNATED') throw new DomainError('NOT_FOUND', `exemplar ${data.exemplarId} not found`);
  if (state.revoked?.reason !== JOINT_PUNISHMENT || context.revocationCause !== data.recordId) return [];
  const record = context.records.find((r): r is DishonestyRecord => r.status !== 'NONE' && r.recordId === data.recordId);
  if (!record) return [];
  const found =
    record.subject.kind === 'OFFICIAL'
      ? context.recordHistory && officialRestrictionVoiding(context.recordHistory, state.revoked.on)
      : listingRevocationOf(record);
  if (!found) return [];
  return [
    {
      type: 'ExemplarRevocationVoided',
      data: {
        exemplarId: state.exemplarId,
        recordId: data.recordId,
        voidedOn: found.on,
        reason: found.reason,
        ...(found.objectionId !== undefined && { objectionId: found.objectionId }),
      },
    },
  ];
}

/**
 * Why an official's record, as it stands now, did not restrict the official on `revokedOn` (the
 * day its restriction revoked a title), or nothing if it did: the record's events are folded in
 * order and the cause is the last one after which it stopped restricting on that day — the record
 * revoked as wrong, corrected by an objection (severity, dates), exempted by a mitigation decided
 * by then, or its publication ended by then (a repair). The one that did it, not the latest
 * correction: a later correction of the description alone names nothing. Nothing, either, when no
 * such event is found (the record never restricted on that day as far as its events tell).
 */
export function officialRestrictionVoiding(
  history: readonly RecordEvent[],
  revokedOn: BusinessDate,
): { on: BusinessDate; reason: ExemplarRevocationVoidReason; objectionId?: string } | undefined {
  let state: RecordState = initialRecordState();
  let restricted = false;
  let cause: ReturnType<typeof officialRestrictionVoiding>;
  for (const event of history) {
    state = evolveRecord(state, event);
    const now = state.status !== 'NONE' && restrictsOfficialOn(state, revokedOn);
    if (restricted && !now) cause = restrictionEndedBy(event);
    restricted = now;
  }
  return restricted ? undefined : cause;
}

function restrictionEndedBy(event: RecordEvent): ReturnType<typeof officialRestrictionVoiding> {
  switch (event.type) {
    case 'RecordRevoked':
      return { on: event.data.revokedOn, reason: 'RECORD_REVOKED', objectionId: event.data.objectionId };
    case 'RecordCorrected':
      return { on: event.data.correctedOn, reason: 'RECORD_CORRECTED', objectionId: event.data.objectionId };
    case 'MitigationDecided':
      return { on: event.data.decidedOn, reason: 'MITIGATION_EXEMPTED' };
    case 'PublicationEnded':
      return { on: event.data.endedOn, reason: 'PUBLICATION_ENDED' };
    default:
      return undefined;
  }
}

/**
 * A revocation for 联合惩戒 replaces the one in force from a later day, by valid time, whichever
 * its kind: a listing appended after another of the institution but listed earlier (its lapse
 * entered late), or a record of an official found earlier, takes the title from its own first
 * day; one by hand it supersedes is kept aside (afterRevocation).
 */
function supersedes(revoked: { on: BusinessDate; reason: string }, on: BusinessDate): boolean {
  return isBefore(on, revoked.on);
}

/**
 * A revocation by hand counts if the title would be revoked on a day it is not now: over one by
 * hand, from an earlier day (it takes over); over one for 联合惩戒, from the same or an earlier day
 * (it takes over), or from a later one, kept aside to stand if that one is voided — unless one by
 * hand from its day or an earlier one is aside already. Otherwise it adds nothing: refused.
 */
function handRevocationCounts(state: Extract<ExemplarState, { status: 'DESIGNATED' }>, on: BusinessDate): boolean {
  const revoked = state.revoked;
  if (!revoked) return true;
  if (revoked.reason !== JOINT_PUNISHMENT) return isBefore(on, revoked.on);
  if (!isAfter(on, revoked.on)) return true;
  return !state.handRevocationAside || isBefore(on, state.handRevocationAside.on);
}

/**
 * The lapse saga (domain.md §4.4): every red-list designation of the listed institution that is
 * in force on a day the institution is on the list is revoked for 联合惩戒, effective the listing
 * day (or the designation day, if it was designated in between because the lapse was noticed
 * late). By valid time, not by the order of the log: a designation appended after the listing
 * (decided before the listing was written) is revoked as well, and one in force only after the
 * listing ended (`delisted`, from the record's current state) is left alone, and a listing revoked
 * as wrong revokes nothing; a title another listing of the institution revoked from a later day
 * is revoked from this one's (supersedes).
 */
export function jointPunishmentRevocations(
  listed: InstitutionListed['data'],
  exemplars: readonly ExemplarState[],
  today: BusinessDate,
  delisted?: { on: BusinessDate; reason?: string },
): RevokeExemplar[] {
  // A listing revoked as wrong was never in force (isListingRevoked): it punishes no title.
  if (delisted?.reason === 'LISTING_REVOKED' || delisted?.reason === 'RECORD_REVOKED') return [];
  // The last day on the list: the listing's publication, or the day before it was delisted.
  const lastListedDay = delisted !== undefined && isOnOrBefore(delisted.on, listed.publicationLastDay) ? addDays(delisted.on, -1) : listed.publicationLastDay;
  return exemplars
    .filter(
      (e): e is Extract<ExemplarState, { status: 'DESIGNATED' }> =>
        e.status === 'DESIGNATED' &&
        e.subject.kind === 'INSTITUTION' &&
        e.subject.id === listed.uscc &&
        (!e.revoked || supersedes(e.revoked, maxDate(listed.listedOn, e.designatedOn))) &&
        isOnOrBefore(listed.listedOn, lastListedDay) &&
        isOnOrBefore(e.designatedOn, lastListedDay) &&
        (e.validUntil === undefined || isOnOrAfter(e.validUntil, listed.listedOn)),
    )
    .map((e) => ({
      type: 'RevokeExemplar',
      today,
      data: { exemplarId: e.exemplarId, on: maxDate(listed.listedOn, e.designatedOn), reason: JOINT_PUNISHMENT, causedByRecordId: listed.recordId },
    }));
}

/**
 * The restriction saga (project decision, as the listing saga for institutions): an official whose
 * GENERAL or SERIOUS record in publication restricts award evaluations (restrictsOfficialOn) is no
 * example — designating one is refused (SUBJECT_RESTRICTED) — so a title of the official in force
 * on a day one of the official's records restricts is revoked for 联合惩戒 from the first such day,
 * whichever was entered first: the record (its findingOn back in the title's period) or the title.
 * By valid time: the earliest restricted day over all the official's records, the record that
 * restricts on it named; a revocation from a later day is superseded (one by hand kept aside).
 */
export function restrictionRevocations(records: readonly RecordState[], exemplars: readonly ExemplarState[], today: BusinessDate): RevokeExemplar[] {
  const commands: RevokeExemplar[] = [];
  for (const e of exemplars) {
    if (e.status !== 'DESIGNATED' || e.subject.kind !== 'OFFICIAL') continue;
    const to = e.validUntil !== undefined && isBefore(e.validUntil, today) ? e.validUntil : today;
    let first: { on: BusinessDate; recordId: string } | undefined;
    for (const record of records) {
      if (record.status === 'NONE' || record.subject.kind !== 'OFFICIAL' || record.subject.id !== e.subject.id) continue;
      const on = firstRestrictedDayIn(record, e.designatedOn, to);
      if (on !== undefined && (first === undefined || isBefore(on, first.on))) first = { on, recordId: record.recordId };
    }
    if (first === undefined || (e.revoked && !supersedes(e.revoked, first.on))) continue;
    commands.push({ type: 'RevokeExemplar', today, data: { exemplarId: e.exemplarId, on: first.on, reason: JOINT_PUNISHMENT, causedByRecordId: first.recordId } });
  }
  return commands;
}
