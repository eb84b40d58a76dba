import {
  banEnding,
  banStatusOn,
  BanStatus,
  BusinessDate,
  DishonestyRecord,
  isInPublicationOn,
  isListedOn,
  isRepairAvailable,
  isReportOnTime,
  isUnderObjection,
  orderStatus,
  publicationWindow,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';

export interface AwardBanView {
  banId: string;
  subject: { kind: 'INSTITUTION'; id: string };
  recordId: string;
  startsOn: BusinessDate;
  lastDay: BusinessDate;
  status: BanStatus;
  endedOn?: BusinessDate;
  endedBy?: { type: string; legalBasis?: string; decisionNo?: string; reason?: string; actor: unknown };
  /** The early lift and who made it, also when a later voiding is what ended the ban. */
  liftedEarly?: { on: BusinessDate; legalBasis: string; decisionNo: string; reason: string; actor: unknown };
}

/**
 * One record "as in the archive" (api.md "Archive shape"), folded from its stream. Statuses that
 * depend on the date (publication, listing, ban) are as of `today`.
 */
export function recordView(record: DishonestyRecord, events: readonly StoredEvent[], today: BusinessDate) {
  const window = publicationWindow(record);
  const lapsed = record.orders.filter((o) => o.lapsedOn !== undefined);
  return {
    recordId: record.recordId,
    subject: record.subject,
    category: record.category,
    severity: record.severity,
    domain: record.domain,
    occurredOn: record.occurredOn,
    description: record.description,
    ...(record.commitmentId !== undefined && { commitmentId: record.commitmentId }),
    finding: record.finding,
    policyProfile: record.policyProfile,
    policyVersion: record.policyVersion,
    status: record.status,
    ...(record.revoked && { revoked: record.revoked }),
    underObjection: isUnderObjection(record),
    publication: {
      published: window.published,
      firstDay: window.firstDay,
      lastDay: window.lastDay,
      minimumLastDay: window.minimumLastDay,
      earliestRepairOn: window.earliestRepairOn,
      // False when the record and its listing leave publication before that day (jinan-hitech listings): no application can succeed.
      repairable: isRepairAvailable(record),
      inPublication: isInPublicationOn(record, today),
      ...(window.endedOn !== undefined && { endedOn: window.endedOn, endReason: window.endReason }),
    },
    rectification: {
      orders: record.orders.map((o) => ({
        orderId: o.orderId,
        orderedOn: o.orderedOn,
        deadline: o.deadline,
        requirements: o.requirements,
        status: orderStatus(o),
        ...(o.lapsedOn !== undefined && { lapsedOn: o.lapsedOn }),
      })),
      reports: record.orders.flatMap((o) =>
        o.reports.map((r) => ({ reportId: r.reportId, orderId: o.orderId, reportedOn: r.reportedOn, evidence: r.evidence, onTime: isReportOnTime(o, r), ...(r.review && { review: r.review }) })),
      ),
      lapsed: lapsed.length > 0,
      ...(lapsed.length > 0 && { lapsedOn: lapsed[0].lapsedOn }),
    },
    listing: record.listing
      ? {
          listedOn: record.listing.listedOn,
          publicationLastDay: record.listing.publicationLastDay,
          minimumLastDay: record.listing.minimumLastDay,
          policyVersion: record.listing.policyVersion,
          listed: isListedOn(record, today),
          ...(record.listing.delisted && { delistedOn: record.listing.delisted.on, delistReason: record.listing.delisted.reason }),
        }
      : null,
    awardBans: record.ban ? [awardBanView(record, events, today)] : [],
    objections: record.objections,
    corrections: record.corrections,
    repairs: record.repairs,
    accountability: { obligations: record.obligations, decisions: record.accountabilityDecisions },
    ...(record.mitigation && { mitigation: record.mitigation }),
  };
}

export type RecordView = ReturnType<typeof recordView>;

/** A ban as the ban list shows it, with who ended it early and on what basis. */
function awardBanView(record: DishonestyRecord, events: readonly StoredEvent[], today: BusinessDate): AwardBanView {
  const ban = record.ban!;
  const ending = banEnding(ban);
  const endingEvent = ending && [...events].reverse().find((e) => e.type === ending.endedBy.type);
  return {
    banId: ban.banId,
    subject: { kind: 'INSTITUTION', id: ban.uscc },
    recordId: record.recordId,
    startsOn: ban.startsOn,
    lastDay: ban.lastDay,
    status: banStatusOn(ban, today),
    ...(ending && {
      endedOn: ending.endedOn,
      endedBy: {
        ...ending.endedBy,
        ...(ban.liftedEarly && { reason: ban.liftedEarly.reason }),
        ...(ban.voided && { reason: ban.voided.reason }),
        actor: endingEvent?.metadata.actor ?? null,
      },
    }),
    // An early lift stays on show after a voiding supersedes it (domain.md §4.6: both acts show).
    ...(ban.liftedEarly && { liftedEarly: { ...ban.liftedEarly, actor: [...events].reverse().find((e) => e.type === 'AwardBanLiftedEarly')?.metadata.actor ?? null } }),
  };
}
