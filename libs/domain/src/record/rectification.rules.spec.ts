import { RECORD_ID, USCC, lapsedOn20250401, listedHistory, officialRecorded, ordered, recordSpec, recorded, reported, reviewed } from '../testing/record-fixtures';
import { RecordEvent } from './record.events';
import { isReportOnTime, orderStatus } from './record.queries';
import { DishonestyRecord } from './record.state';

const order = (orderedOn: string, deadline: string, today = '2025-01-20') => ({
  type: 'OrderRectification' as const,
  today,
  data: { recordId: RECORD_ID, orderedOn, deadline, requirements: '30日内结清欠款' },
});
const report = (reportId: string, reportedOn: string, today = reportedOn) => ({
  type: 'ReportRectification' as const,
  today,
  data: { recordId: RECORD_ID, reportId, reportedOn, evidence: '付款凭证' },
});
const review = (reportId: string, reviewedOn: string, accepted: boolean, reason?: string) => ({
  type: 'ReviewRectification' as const,
  today: reviewedOn,
  data: { recordId: RECORD_ID, reportId, reviewedOn, accepted, ...(reason !== undefined && { reason }) },
});

describe('RectificationOrdered (domain.md §4.4)', () => {
  it('orders an institution to rectify by a deadline after the order date', () => {
    recordSpec([recorded()]).when(order('2025-01-15', '2025-03-31')).then([ordered('2025-01-15', '2025-03-31')]);
  });

  it('refuses a deadline that is not after orderedOn (VALIDATION_FAILED)', () => {
    recordSpec([recorded()]).when(order('2025-01-15', '2025-01-15')).thenRefuses('VALIDATION_FAILED');
  });

  it('a deadline may already be past when history is back-entered', () => {
    recordSpec([recorded()]).when(order('2025-01-15', '2025-03-31', '2025-09-01')).then([ordered('2025-01-15', '2025-03-31')]);
  });

  it('refuses an order dated after today (DATE_IN_FUTURE)', () => {
    recordSpec([recorded()]).when(order('2025-01-21', '2025-03-31', '2025-01-20')).thenRefuses('DATE_IN_FUTURE');
  });

  it('refuses a second open order (one open order at a time)', () => {
    recordSpec([recorded(), ordered('2025-01-15', '2025-03-31')])
      .when(order('2025-01-16', '2025-04-30'))
      .thenRefuses('RECTIFICATION_ORDER_ALREADY_OPEN');
  });

  it('allows a new order once the previous one was completed', () => {
    recordSpec([recorded(), ordered('2025-01-15', '2025-03-31'), reported('rep-1', '2025-02-01'), reviewed('rep-1', '2025-02-03', true)])
      .when(order('2025-02-10', '2025-04-30', '2025-02-10'))
      .then([{ ...ordered('2025-02-10', '2025-04-30', 'order-2') }]);
  });

  it('refuses a new order dated before the previous order’s rectification was accepted: one open order at a time, in valid time too', () => {
    const done = [recorded(), ordered('2025-01-15', '2025-03-31'), reported('rep-1', '2025-03-20'), reviewed('rep-1', '2025-03-25', true)];
    recordSpec(done)
      .when(order('2025-01-20', '2025-02-28', '2025-04-01'))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'orderedOn', message: 'must not be before the day the previous order’s rectification was accepted' }] });
    recordSpec(done).when(order('2025-03-25', '2025-04-30', '2025-04-01')).then([ordered('2025-03-25', '2025-04-30', 'order-2')]);
  });

  it('refuses an order back-dated to or before a granted repair: the grant needed no order open (in valid time too)', () => {
    const repaired = [
      recorded(),
      { type: 'RepairApplied', data: { recordId: RECORD_ID, applicationId: 'app-1', appliedOn: '2025-07-20', pledgeSigned: true, evidence: '信用承诺书' } },
      { type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2025-08-01', granted: true, reason: '整改到位' } },
      { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-08-01', reason: 'REPAIRED' } },
    ] as RecordEvent[];
    for (const orderedOn of ['2025-07-01', '2025-08-01']) {
      recordSpec(repaired)
        .when(order(orderedOn, '2025-08-20', '2025-09-01'))
        .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'orderedOn', message: 'must not be before the day after the repair was granted' }] });
    }
    recordSpec(repaired).when(order('2025-08-02', '2025-08-20', '2025-09-01')).then([ordered('2025-08-02', '2025-08-20')]);
  });

  it('refuses an order on a record about an official (institution records only)', () => {
    recordSpec([officialRecorded()]).when(order('2025-01-15', '2025-03-31')).thenRefuses('RECTIFICATION_ONLY_FOR_INSTITUTIONS');
  });

  it('refuses an order for a record that does not exist (NOT_FOUND)', () => {
    recordSpec([]).when(order('2025-01-15', '2025-03-31')).thenRefuses('NOT_FOUND');
  });
});

describe('RectificationReported / RectificationReviewed', () => {
  const open = [recorded(), ordered('2025-01-15', '2025-03-31')];

  it('the subject reports completion against the open order', () => {
    recordSpec(open).when(report('rep-1', '2025-03-01')).then([reported('rep-1', '2025-03-01')]);
  });

  it('after the lapse a report is late: one dated on or before the deadline is refused (it would contradict the lapse), one after it is taken', () => {
    // Deadline 2025-03-31, lapsed 2025-04-01.
    for (const reportedOn of ['2025-03-31', '2025-03-01']) {
      recordSpec(listedHistory).when(report('rep-back', reportedOn, '2025-04-03')).thenRefuses('RECTIFICATION_ALREADY_LAPSED');
    }
    recordSpec(listedHistory).when(report('rep-late', '2025-04-02', '2025-04-03')).then([reported('rep-late', '2025-04-02')]);
  });

  it('once an objection found the lapse wrong (LISTING_REVOKED), the on-time report can be filed', () => {
    const revoked: RecordEvent[] = [
      ...listedHistory,
      { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-04-02', grounds: '已按期整改' } },
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-04-08', outcome: 'LISTING_REVOKED', reason: '整改按期' } },
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-04-08', reason: 'LISTING_REVOKED' } },
    ];
    recordSpec(revoked).when(report('rep-on-time', '2025-03-31', '2025-04-09')).then([reported('rep-on-time', '2025-03-31')]);
  });

  it('after LISTING_REVOKED the on-time report may be filed even though a report was rejected after the deadline (the lapse the rejection caused was wrong)', () => {
    const wronglyRejected: RecordEvent[] = [
      recorded(),
      ordered('2025-01-15', '2025-03-31'),
      reported('rep-1', '2025-03-20'),
      reviewed('rep-1', '2025-04-03', false),
      ...lapsedOn20250401,
      { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-04-04', grounds: '整改按期完成' } },
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-04-08', outcome: 'LISTING_REVOKED', reason: '驳回有误' } },
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-04-08', reason: 'LISTING_REVOKED' } },
    ];
    recordSpec(wronglyRejected).when(report('rep-on-time', '2025-03-31', '2025-04-09')).then([reported('rep-on-time', '2025-03-31')]);
    // A late one still follows the rejection.
    recordSpec(wronglyRejected).when(report('rep-late', '2025-04-02', '2025-04-09')).thenRefuses('VALIDATION_FAILED');
  });

  it('a duplicate report id is a CONFLICT before any date rule', () => {
    const rejected = [...open, reported('rep-1', '2025-03-01'), reviewed('rep-1', '2025-03-05', false)];
    recordSpec(rejected).when(report('rep-1', '2025-03-04')).thenRefuses('CONFLICT');
  });

  it('refuses a report when no order is open', () => {
    recordSpec([recorded()]).when(report('rep-1', '2025-03-01')).thenRefuses('NO_OPEN_RECTIFICATION_ORDER');
  });

  it('refuses a second report while one awaits review', () => {
    recordSpec([...open, reported('rep-1', '2025-03-01')]).when(report('rep-2', '2025-03-02')).thenRefuses('RECTIFICATION_REPORT_PENDING');
  });

  it('a rejected report can be followed by another before the deadline', () => {
    recordSpec([...open, reported('rep-1', '2025-03-01'), reviewed('rep-1', '2025-03-05', false)])
      .when(report('rep-2', '2025-03-20'))
      .then([reported('rep-2', '2025-03-20')]);
  });

  it('a report that follows a rejection cannot be dated before that rejection (VALIDATION_FAILED on reportedOn)', () => {
    const rejected = [...open, reported('rep-1', '2025-03-01'), reviewed('rep-1', '2025-03-05', false)];
    recordSpec(rejected)
      .when(report('rep-2', '2025-03-04'))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'reportedOn', message: 'must not be before the previous report’s reviewedOn' }] });
    recordSpec(rejected).when(report('rep-2', '2025-03-05')).then([reported('rep-2', '2025-03-05')]);
  });

  it('the credit office accepts a report; the order is then completed', () => {
    const events = [...open, reported('rep-1', '2025-03-01')];
    recordSpec(events).when(review('rep-1', '2025-03-04', true)).then([reviewed('rep-1', '2025-03-04', true)]);
    const { state } = recordSpec([...events, reviewed('rep-1', '2025-03-04', true)]);
    expect(orderStatus((state as DishonestyRecord).orders[0])).toBe('COMPLETED');
  });

  it('a rejection must give its reason (VALIDATION_FAILED)', () => {
    recordSpec([...open, reported('rep-1', '2025-03-01')]).when(review('rep-1', '2025-03-04', false)).thenRefuses('VALIDATION_FAILED');
  });

  it('refuses to review an unknown report or one already reviewed', () => {
    recordSpec(open).when(review('rep-9', '2025-03-04', true)).thenRefuses('RECTIFICATION_REPORT_NOT_FOUND');
    recordSpec([...open, reported('rep-1', '2025-03-01'), reviewed('rep-1', '2025-03-04', true)])
      .when(review('rep-1', '2025-03-05', true))
      .thenRefuses('RECTIFICATION_REPORT_ALREADY_REVIEWED');
  });

  it('a report filed on the deadline day is on time; the day after is late', () => {
    const { state } = recordSpec([...open, reported('rep-1', '2025-03-31')]);
    const o = (state as DishonestyRecord).orders[0];
    expect(isReportOnTime(o, o.reports[0])).toBe(true);
    expect(isReportOnTime(o, { ...o.reports[0], reportedOn: '2025-04-01' })).toBe(false);
  });
});
