/**
 * Questions the rules ask about a record, as pure functions over its state. Valid-time questions
 * take the date D they are asked for; the projections call the same functions.
 */
import { policyByVersion } from '../policies/policies';
import { BusinessDate, addDays, isAfter, isBefore, isOnOrAfter, isOnOrBefore, maxDate } from '../values/business-date';
import { firstDayAfter, periodLastDay } from '../values/civil-period';
import { PublicationEndReason } from './record.events';
import { AwardBan, DishonestyRecord, RecordState, RectificationOrder, RectificationReport } from './record.state';

export const isRecorded = (state: RecordState): state is DishonestyRecord => state.status !== 'NONE';

// ---- rectification -------------------------------------------------------------------------

/** A report filed on or before the deadline day is on time (domain.md §4.4). */
export const isReportOnTime = (order: RectificationOrder, report: RectificationReport): boolean =>
  isOnOrBefore(report.reportedOn, order.deadline);

export type OrderStatus = 'OPEN' | 'COMPLETED' | 'LAPSED' | 'RECTIFIED_LATE';

/**
 * COMPLETED: an on-time report was accepted. RECTIFIED_LATE: a late report was accepted (after
 * the deadline — it never undoes a lapse). LAPSED: lapsed and not yet rectified.
 */
export function orderStatus(order: RectificationOrder): OrderStatus {
  const accepted = order.reports.find((r) => r.review?.accepted);
  if (accepted) return isReportOnTime(order, accepted) ? 'COMPLETED' : 'RECTIFIED_LATE';
  return order.lapsedOn !== undefined ? 'LAPSED' : 'OPEN';
}

/** The order still waiting for a rectification, if any ("one open order at a time"). */
export function outstandingOrder(record: DishonestyRecord): RectificationOrder | undefined {
  return record.orders.find((o) => {
    const status = orderStatus(o);
    return status === 'OPEN' || status === 'LAPSED';
  });
}

export const pendingReport = (order: RectificationOrder): RectificationReport | undefined =>
  order.reports.find((r) => r.review === undefined);

export interface DueLapse {
  recordId: string;
  orderId: string;
  deadline: BusinessDate;
  effectiveOn: BusinessDate;
}

/**
 * The lapse due as of `today`, for the deadline watcher: the deadline day has ended, no on-time
 * report was accepted and none is awaiting review, and the record has not lapsed yet (once per
 * record). Its effective date is deadline + 1 whenever it is noticed.
 */
export function lapseDueOn(state: RecordState, today: BusinessDate): DueLapse | undefined {
  if (!isRecorded(state) || state.status === 'REVOKED') return undefined;
  // One lapse per record: its listing and ban are the record's (banId = ban-{recordId}).
  if (state.orders.some((o) => o.lapsedOn !== undefined)) return undefined;
  for (const order of state.orders) {
    if (order.lapsedOn !== undefined || !isAfter(today, order.deadline)) continue;
    const onTime = order.reports.filter((r) => isReportOnTime(order, r));
    if (onTime.some((r) => r.review === undefined || r.review.accepted)) continue;
    return { recordId: state.recordId, orderId: order.orderId, deadline: order.deadline, effectiveOn: addDays(order.deadline, 1) };
  }
  return undefined;
}

/** All lapses due among many records — what the watcher sweeps each minute. */
export const overdueOrders = (records: readonly RecordState[], today: BusinessDate): DueLapse[] =>
  records.flatMap((r) => lapseDueOn(r, today) ?? []);

/** The order open on D: ordered on or before D, and no report accepted by then (grey list, checks, repair). */
export function openOrderOn(record: DishonestyRecord, date: BusinessDate): RectificationOrder | undefined {
  if (record.revoked && isOnOrBefore(record.revoked.on, date)) return undefined;
  return record.orders.find(
    (o) =>
      isOnOrBefore(o.orderedOn, date) &&
      !o.reports.some((r) => r.review?.accepted && isOnOrBefore(r.review.reviewedOn, date)),
  );
}

/** An order counts as open on D from orderedOn until a report is accepted (grey list, checks). */
export const hasOpenRectificationOn = (record: DishonestyRecord, date: BusinessDate): boolean => openOrderOn(record, date) !== undefined;

/** The day the record's last rectification was accepted (orders that are not outstanding have one). */
export function lastAcceptanceOn(record: DishonestyRecord): BusinessDate | undefined {
  const days = record.orders.flatMap((o) => o.reports.flatMap((r) => (r.review?.accepted ? [r.review.reviewedOn] : [])));
  return days.length === 0 ? undefined : days.reduce(maxDate);
}

// ---- publication ---------------------------------------------------------------------------

export interface PublicationWindow {
  /** MINOR records are never published. */
  published: boolean;
  firstDay: BusinessDate | null;
  /** Last day of the policy's maximum period; an early end shows as `endedOn`. */
  lastDay: BusinessDate | null;
  /** Last day of the minimum publication period. */
  minimumLastDay: BusinessDate | null;
  /** Record minimum + 1, or the listing's minimum + 1 if later (domain.md §4.6). */
  earliestRepairOn: BusinessDate | null;
  endedOn?: BusinessDate;
  endReason?: PublicationEndReason;
}

/** Periods come from the record's stored policy version and its current (corrected) facts. */
export function publicationWindow(record: DishonestyRecord): PublicationWindow {
  const repairFrom = earliestRepairOn(record);
  if (record.severity === 'MINOR') {
    return { published: false, firstDay: null, lastDay: null, minimumLastDay: null, earliestRepairOn: repairFrom };
  }
  const periods = policyByVersion(record.policyVersion)[record.severity];
  const firstDay = record.finding.findingOn;
  const ended = record.publicationEnded;
  return {
    published: true,
    firstDay,
    lastDay: periodLastDay(firstDay, periods.maximum),
    minimumLastDay: periodLastDay(firstDay, periods.minimum),
    earliestRepairOn: repairFrom,
    ...(ended && { endedOn: ended.on, endReason: ended.reason }),
  };
}

/**
 * The day after the record's minimum publication period; if the record led to a listing, the
 * later of that and the day after the listing's minimum (domain.md §4.6). Null when there is
 * nothing published to repair.
 */
export function earliestRepairOn(record: DishonestyRecord): BusinessDate | null {
  const candidates: BusinessDate[] = [];
  if (record.severity !== 'MINOR') {
    candidates.push(firstDayAfter(record.finding.findingOn, policyByVersion(record.policyVersion)[record.severity].minimum));
  }
  if (listingCountsForRepair(record)) candidates.push(addDays(record.listing!.minimumLastDay, 1));
  return candidates.length === 0 ? null : candidates.reduce(maxDate);
}

/**
 * Whether the repair rules leave a day on which repair can be applied for (domain.md §4.6): the
 * record or its listing is in publication on the earliest eligible day and nothing has taken it
 * down yet — a granted repair (of the record, or of its listing alone), a revocation, an early end
 * of publication. Not under a profile whose listing may not end before it expires
 * (jinan-hitech: 3 years minimum and maximum): record and listing leave publication on their own
 * first. Nor for a record that is not published (MINOR). Whether that day has passed with the
 * publication (a record left to expire) is the view's `inPublication`, not this.
 */
export function isRepairAvailable(record: DishonestyRecord): boolean {
  const earliest = earliestRepairOn(record);
  if (earliest === null || record.status === 'REVOKED') return false;
  // What is still up, and up on that day: the record's publication, or its listing (a lapse after a
  // granted repair lists the institution again, and that listing can be repaired).
  return (isPublicationOpenOn(record, earliest) && isInPublicationOn(record, earliest)) || (isListingOpenOn(record, earliest) && isListedOn(record, earliest));
}

/** A repair was granted: what it could take down (the record's publication, its listing) is down. */
export const isRepaired = (record: DishonestyRecord): boolean => record.repairs.some((r) => r.decision?.granted === true);

/** A listing revoked as wrong no longer lengthens the wait for repair. */
const listingCountsForRepair = (record: DishonestyRecord): boolean => record.listing !== undefined && !isListingRevoked(record);

/** Published on D: inside [firstDay, lastDay] and before any early end (repair, revocation). */
export function isInPublicationOn(record: DishonestyRecord, date: BusinessDate): boolean {
  const w = publicationWindow(record);
  if (!w.published || isBefore(date, w.firstDay!) || isAfter(date, w.lastDay!)) return false;
  return !(w.endedOn !== undefined && isOnOrAfter(date, w.endedOn));
}

/** Publication has not ended early and its last day is not past: an early end still has effect. */
export function isPublicationOpenOn(record: DishonestyRecord, date: BusinessDate): boolean {
  const w = publicationWindow(record);
  return w.published && w.endedOn === undefined && isOnOrBefore(date, w.lastDay!);
}

/**
 * What the public sees on D: records in publication, institutions always, officials only when the
 * deployment publishes them (LEDGER_PUBLISH_OFFICIALS). The archive always has everything.
 */
export function isPubliclyVisibleOn(record: DishonestyRecord, date: BusinessDate, publishOfficials: boolean): boolean {
  if (record.subject.kind === 'OFFICIAL' && !publishOfficials) return false;
  return isInPublicationOn(record, date);
}

// ---- listing and award ban -----------------------------------------------------------------

/**
 * A listing an objection found wrong (`LISTING_REVOKED`: the lapse was wrong; `RECORD_REVOKED`: the
 * record was) counts as never in force, on every date, as its voided ban does (domain.md §4.5–4.6);
 * what was shown before stays visible through `knownAt`.
 */
export function isListingRevoked(record: DishonestyRecord): boolean {
  const reason = record.listing?.delisted?.reason;
  if (!record.listing) return false;
  if (reason === 'LISTING_REVOKED' || reason === 'RECORD_REVOKED') return true;
  // Revoked after it had ended (by repair, or its period run out): logs from before such a
  // revocation delisted it again do not say so on the listing, the record does.
  return record.status === 'REVOKED' || record.objections.some((o) => o.decision?.outcome === 'LISTING_REVOKED');
}

/**
 * The objection's decision that found a listing wrong (isListingRevoked): the record revoked
 * (`RECORD_REVOKED`), or the listing alone (`LISTING_REVOKED`, the first such decision), with its day.
 */
export function listingRevocationOf(record: DishonestyRecord): { on: BusinessDate; reason: 'RECORD_REVOKED' | 'LISTING_REVOKED'; objectionId: string } | undefined {
  if (!isListingRevoked(record)) return undefined;
  const decided = record.objections.find((o) => o.decision?.outcome === 'LISTING_REVOKED');
  if (decided?.decision) return { on: decided.decision.decidedOn, reason: 'LISTING_REVOKED', objectionId: decided.objectionId };
  if (record.revoked) return { on: record.revoked.on, reason: 'RECORD_REVOKED', objectionId: record.revoked.objectionId };
  return undefined;
}

/** On the serious-dishonesty list on D: from listedOn through its publication, until delisted; never, if revoked as wrong. */
export function isListedOn(record: DishonestyRecord, date: BusinessDate): boolean {
  const l = record.listing;
  if (!l || isListingRevoked(record)) return false;
  if (isBefore(date, l.listedOn) || isAfter(date, l.publicationLastDay)) return false;
  return !(l.delisted && isOnOrAfter(date, l.delisted.on));
}

/** Still on the list by D's schedule and not delisted: delisting on D still has effect. */
export function isListingOpenOn(record: DishonestyRecord, date: BusinessDate): boolean {
  const l = record.listing;
  return l !== undefined && !l.delisted && isOnOrBefore(date, l.publicationLastDay);
}

export type BanStatus = 'NOT_STARTED' | 'ACTIVE' | 'EXPIRED' | 'VOIDED' | 'LIFTED_EARLY';

/**
 * Only two recorded acts end a ban before its last day (domain.md §4.6): voiding (which counts as
 * never having been in force, so VOIDED on every date) and an early lift from its `on` date.
 */
export function banStatusOn(ban: AwardBan, date: BusinessDate): BanStatus {
  if (ban.voided) return 'VOIDED';
  if (isBefore(date, ban.startsOn)) return 'NOT_STARTED';
  if (ban.liftedEarly && isOnOrAfter(date, ban.liftedEarly.on)) return 'LIFTED_EARLY';
  return isOnOrBefore(date, ban.lastDay) ? 'ACTIVE' : 'EXPIRED';
}

export const isBanActiveOn = (record: DishonestyRecord, date: BusinessDate): boolean =>
  record.ban !== undefined && banStatusOn(record.ban, date) === 'ACTIVE';

/** How a ban ended before running its course, for the ban list's `endedOn`/`endedBy`. */
export function banEnding(
  ban: AwardBan,
): { endedOn: BusinessDate; endedBy: { type: 'AwardBanVoided' | 'AwardBanLiftedEarly'; legalBasis?: string; decisionNo?: string } } | undefined {
  if (ban.voided) return { endedOn: ban.voided.on, endedBy: { type: 'AwardBanVoided' } };
  if (ban.liftedEarly) {
    const { on, legalBasis, decisionNo } = ban.liftedEarly;
    return { endedOn: on, endedBy: { type: 'AwardBanLiftedEarly', legalBasis, decisionNo } };
  }
  return undefined;
}

// ---- objections, accountability, mitigation ------------------------------------------------

/**
 * 异议标注: shown while an objection is undecided, including in the public view. A revoked record
 * is not under objection: once one objection revoked it, the others have nothing left to contest
 * and can no longer be decided, so their flag would never clear.
 */
export const isUnderObjection = (record: DishonestyRecord): boolean => record.status !== 'REVOKED' && record.objections.some((o) => !o.decision);

export const openObligations = (record: DishonestyRecord) => record.obligations.filter((o) => o.status === 'OPEN');

/** An exempted official's record stays in the archive but no longer restricts them. */
/** Exempted by a mitigation decided on or before `on` (valid time: before its decision the record restricted). */
export const isExemptedByMitigation = (record: DishonestyRecord, on: BusinessDate): boolean =>
  record.mitigation?.effect === 'EXEMPTED' && isOnOrBefore(record.mitigation.decidedOn, on);

/**
 * An official's GENERAL or SERIOUS record in publication on D restricts the official's award
 * evaluations and promotion (限制评优评先, domain.md §4.8), unless a mitigation decided by then
 * exempted it. A record revoked as wrong never did.
 */
export const restrictsOfficialOn = (record: DishonestyRecord, on: BusinessDate): boolean =>
  record.subject.kind === 'OFFICIAL' &&
  record.status !== 'REVOKED' &&
  (record.severity === 'GENERAL' || record.severity === 'SERIOUS') &&
  isInPublicationOn(record, on) &&
  !isExemptedByMitigation(record, on);
