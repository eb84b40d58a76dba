/** 限期整改: orders, reports and reviews (domain.md §4.4). */
import { DomainError } from '../shared/domain-error';
import { assertNotInFuture, checks } from '../shared/validation';
import { addDays, BusinessDate, isAfter, maxDate } from '../values/business-date';
import { OrderRectification, ReportRectification, ReviewRectification } from './record.commands';
import { RecordEvent } from './record.events';
import { nextId, requireActiveRecord } from './record.guards';
import { lapseDueOn, lastAcceptanceOn, outstandingOrder, pendingReport } from './record.queries';
import { DishonestyRecord, RecordState } from './record.state';

export function orderRectification({ data, today }: OrderRectification, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  const c = checks()
    .date('orderedOn', data.orderedOn)
    .date('deadline', data.deadline)
    .text('requirements', data.requirements)
    .notBefore('orderedOn', data.orderedOn, 'finding.findingOn', record.finding.findingOn)
    // One open order at a time in valid time too: a new order cannot reach back into an earlier one.
    .notBefore('orderedOn', data.orderedOn, 'the day the previous order’s rectification was accepted', lastAcceptanceOn(record))
    // Nor into a granted repair: it was granted because no order was open (RECTIFICATION_NOT_COMPLETED
    // refuses it otherwise), so an order back-dated to or before that day would make the same facts
    // depend on the order they were entered in (and the watcher would list a repaired record).
    .notBefore('orderedOn', data.orderedOn, 'the day after the repair was granted', dayAfterGrantedRepair(record));
  if (data.deadline !== undefined && data.orderedOn !== undefined && !isAfter(data.deadline, data.orderedOn)) {
    c.fail('deadline', 'must be after orderedOn');
  }
  c.done();
  assertNotInFuture({ orderedOn: data.orderedOn }, today);
  if (record.subject.kind !== 'INSTITUTION') {
    throw new DomainError('RECTIFICATION_ONLY_FOR_INSTITUTIONS', 'rectification is ordered against institutions only');
  }
  if (outstandingOrder(record)) {
    throw new DomainError('RECTIFICATION_ORDER_ALREADY_OPEN', 'one open rectification order at a time');
  }
  // One lapse per record: its listing and ban are addressed by the record (banId = ban-{recordId}).
  if (record.orders.some((o) => o.lapsedOn !== undefined)) {
    throw new DomainError('RECTIFICATION_ALREADY_LAPSED', 'this record already led to a listing');
  }
  // Nor while an earlier order's lapse is due but not yet noticed (its deadline passed with no
  // on-time rectification, though a late one may have been accepted): that lapse lists the record.
  const due = lapseDueOn(record, today);
  if (due) {
    throw new DomainError('RECTIFICATION_ALREADY_LAPSED', `order ${due.orderId} lapsed on ${due.effectiveOn} (its deadline ${due.deadline} passed without an on-time rectification)`, {
      orderId: due.orderId,
      lapsedOn: due.effectiveOn,
    });
  }
  return [
    {
      type: 'RectificationOrdered',
      data: {
        recordId: record.recordId,
        orderId: nextId('order', record.orders),
        orderedOn: data.orderedOn,
        deadline: data.deadline,
        requirements: data.requirements,
      },
    },
  ];
}

/** Reports may follow a rejection, and may come late: a late rectification is what repair needs. */
export function reportRectification({ data, today }: ReportRectification, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  checks().id('reportId', data.reportId).date('reportedOn', data.reportedOn).text('evidence', data.evidence).done();
  assertNotInFuture({ reportedOn: data.reportedOn }, today);
  const order = outstandingOrder(record);
  if (!order) throw new DomainError('NO_OPEN_RECTIFICATION_ORDER', 'there is no rectification order awaiting a report');
  checks().notBefore('reportedOn', data.reportedOn, 'orderedOn', order.orderedOn).done();
  // The lapse recorded that no report was filed on or before the deadline: one dated so now would
  // contradict it (an on-time rectification next to a listing). After a lapse a report is late —
  // unless an objection found the lapse wrong (LISTING_REVOKED: the rectification was in time).
  const lapseFoundWrong = order.lapsedOn !== undefined && record.listing?.delisted?.reason === 'LISTING_REVOKED';
  const lapseStands = order.lapsedOn !== undefined && !lapseFoundWrong;
  if (lapseStands && !isAfter(data.reportedOn, order.deadline)) {
    throw new DomainError(
      'RECTIFICATION_ALREADY_LAPSED',
      `the order lapsed on ${order.lapsedOn}: a report filed now is a late rectification, dated after the deadline ${order.deadline}`,
      { lapsedOn: order.lapsedOn, deadline: order.deadline },
    );
  }
  if (record.orders.some((o) => o.reports.some((r) => r.reportId === data.reportId))) {
    throw new DomainError('CONFLICT', `report ${data.reportId} already exists`);
  }
  if (pendingReport(order)) {
    throw new DomainError('RECTIFICATION_REPORT_PENDING', 'the previous report is still awaiting review');
  }
  // A report follows the rejection of the one before it (domain.md §4.4), not the other way round —
  // except the on-time report of a lapse found wrong, which may be the very one that was rejected.
  if (!(lapseFoundWrong && !isAfter(data.reportedOn, order.deadline))) {
    const reviews = order.reports.flatMap((r) => (r.review ? [r.review.reviewedOn] : []));
    const lastReview = reviews.length > 0 ? reviews.reduce(maxDate) : undefined;
    checks().notBefore('reportedOn', data.reportedOn, 'the previous report’s reviewedOn', lastReview).done();
  }
  return [
    {
      type: 'RectificationReported',
      data: { recordId: record.recordId, orderId: order.orderId, reportId: data.reportId, reportedOn: data.reportedOn, evidence: data.evidence },
    },
  ];
}

export function reviewRectification({ data, today }: ReviewRectification, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  const c = checks().date('reviewedOn', data.reviewedOn).boolean('accepted', data.accepted).optionalText('reason', data.reason);
  if (data.accepted === false && data.reason === undefined) c.fail('reason', 'is required when a report is rejected');
  c.done();
  assertNotInFuture({ reviewedOn: data.reviewedOn }, today);
  const order = record.orders.find((o) => o.reports.some((r) => r.reportId === data.reportId));
  const report = order?.reports.find((r) => r.reportId === data.reportId);
  if (!order || !report) throw new DomainError('RECTIFICATION_REPORT_NOT_FOUND', `report ${data.reportId} not found`);
  if (report.review) throw new DomainError('RECTIFICATION_REPORT_ALREADY_REVIEWED', `report ${data.reportId} was already reviewed`);
  checks().notBefore('reviewedOn', data.reviewedOn, 'reportedOn', report.reportedOn).done();
  return [
    {
      type: 'RectificationReviewed',
      data: {
        recordId: record.recordId,
        orderId: order.orderId,
        reportId: report.reportId,
        reviewedOn: data.reviewedOn,
        accepted: data.accepted,
        ...(data.reason !== undefined && { reason: data.reason }),
      },
    },
  ];
}

/** The day after the record's repair was granted (a grant ends its publication), if one was. */
function dayAfterGrantedRepair(record: DishonestyRecord): BusinessDate | undefined {
  const granted = record.repairs.find((r) => r.decision?.granted);
  return granted?.decision && addDays(granted.decision.decidedOn, 1);
}
