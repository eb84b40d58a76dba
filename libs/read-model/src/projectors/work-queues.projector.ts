import { businessDateOfInstant, checkFeedbackDueOn, DomainEvent, maxDate, objectionDecisionDueOn, returnedMeasureCodes, WorkingDayCalendar, WorkingDayResult } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { KeyedRows } from './support/keyed-rows';
import type { Row } from './support/versioned-rows';

/**
 * Feedback on a check is owed from the day the ledger answered it: the business date (UTC+8) the
 * check was recorded, or the check's own date when that is later. A check about a past day (an
 * approval dated back) is not overdue the moment it is made.
 */
export function feedbackOwedFrom(on: string, recordedAt: unknown): string {
  const instant = typeof recordedAt === 'string' ? Date.parse(recordedAt) : NaN;
  if (Number.isNaN(instant)) return on;
  return maxDate(businessDateOfInstant(instant), on);
}

export const WORK_QUEUE_TABLES = {
  records: 'queue_records',
  objections: 'objection_queue',
  rectifications: 'rectification_queue',
  checks: 'check_queue',
  accountability: 'accountability_queue',
} as const;

/**
 * Every version of each queue's items in system time (domain.md §7: "what the system showed at
 * that moment"): an item is a version from the position that opened or changed it until the one
 * that changed or closed it, so `knownAt` answers what the queue held then.
 */
export const WORK_QUEUE_HISTORY_TABLES = {
  objections: 'objection_queue_history',
  rectifications: 'rectification_queue_history',
  checks: 'check_queue_history',
  accountability: 'accountability_queue_history',
} as const;
const history = (table: string) => ({ table, numeric: ['origin_position'] });

const SUBJECT = ['subject_kind', 'subject_id', 'institution_uscc'] as const;
export const OBJECTION_QUEUE_COLUMNS = ['record_id', 'objection_id', ...SUBJECT, 'filed_on', 'due_on', 'calendar_known', 'origin_position'] as const;
export const RECTIFICATION_QUEUE_COLUMNS = [
  'record_id',
  'order_id',
  ...SUBJECT,
  'ordered_on',
  'deadline',
  'status',
  'pending_report_id',
  'reported_on',
  'lapsed_on',
  'origin_position',
] as const;
export const CHECK_QUEUE_COLUMNS = ['check_id', 'subject_kind', 'subject_id', 'matter', 'checked_on', 'case_ref', 'outcome', 'measure_count', 'due_on', 'calendar_known', 'origin_position'] as const;
export const ACCOUNTABILITY_QUEUE_COLUMNS = ['record_id', 'obligation_id', 'institution_uscc', 'person_id', 'name', 'role', 'required_on', 'origin_position'] as const;

const RECORD_EVENTS = new Set([
  'ObjectionFiled',
  'ObjectionDecided',
  'RecordRevoked',
  'RectificationOrdered',
  'RectificationReported',
  'RectificationReviewed',
  'RectificationDeadlineLapsed',
]);

/**
 * The work queues: objections awaiting a decision (7 working days), rectification orders not yet
 * rectified, checks awaiting feedback (5 working days), accountability obligations not yet
 * decided. Only open items are kept; SLA due dates come from the domain's working-day calendar.
 */
export class WorkQueuesProjector implements Projector {
  readonly name = 'work-queues';
  readonly tables = [...Object.values(WORK_QUEUE_TABLES), ...Object.values(WORK_QUEUE_HISTORY_TABLES)];
  /** Years already warned about (once per process: the rows say it too, in calendar_known). */
  private readonly warnedCalendars = new Set<string>();

  /** The working-day calendar the SLAs count in: the shipped years, and a deployment's calendar file. */
  constructor(private readonly calendar: WorkingDayCalendar = WorkingDayCalendar.shipped()) {}

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const records = new KeyedRows({ table: WORK_QUEUE_TABLES.records, key: ['record_id'], columns: ['record_id', ...SUBJECT] }, context);
    const objections = new KeyedRows({ table: WORK_QUEUE_TABLES.objections, key: ['record_id', 'objection_id'], columns: OBJECTION_QUEUE_COLUMNS, group: 'record_id', history: history(WORK_QUEUE_HISTORY_TABLES.objections) }, context);
    const orders = new KeyedRows({ table: WORK_QUEUE_TABLES.rectifications, key: ['record_id', 'order_id'], columns: RECTIFICATION_QUEUE_COLUMNS, group: 'record_id', history: history(WORK_QUEUE_HISTORY_TABLES.rectifications) }, context);
    const checks = new KeyedRows({ table: WORK_QUEUE_TABLES.checks, key: ['check_id'], columns: CHECK_QUEUE_COLUMNS, history: history(WORK_QUEUE_HISTORY_TABLES.checks) }, context);
    const obligations = new KeyedRows({ table: WORK_QUEUE_TABLES.accountability, key: ['record_id', 'obligation_id'], columns: ACCOUNTABILITY_QUEUE_COLUMNS, history: history(WORK_QUEUE_HISTORY_TABLES.accountability) }, context);

    const recordIds = events.filter((e) => RECORD_EVENTS.has(e.type)).map((e) => String(e.data.recordId));
    await records.loadBy('record_id', recordIds);
    await objections.loadBy('record_id', events.filter((e) => e.type === 'ObjectionDecided' || e.type === 'RecordRevoked').map((e) => String(e.data.recordId)));
    await orders.loadBy('record_id', events.filter((e) => e.type.startsWith('Rectification') || e.type === 'RecordRevoked').map((e) => String(e.data.recordId)));
    await checks.loadBy('check_id', events.filter((e) => e.type === 'CheckFeedbackGiven').map((e) => String(e.data.checkId)));
    await obligations.loadBy(
      'record_id',
      events.filter((e) => e.type === 'AccountabilityDecided' || e.type === 'AccountabilityObligationCancelled').map((e) => String(e.data.recordId)),
    );
    const missingCalendars = new Set<number>();
    const due = (answer: WorkingDayResult) => {
      answer.yearsWithoutCalendar.forEach((year) => missingCalendars.add(year));
      return { due_on: answer.date, calendar_known: answer.calendarKnown ? 1 : 0 };
    };
    const subjectOf = (recordId: string): Row => {
      const row = records.get(recordId);
      return { subject_kind: row?.subject_kind ?? null, subject_id: row?.subject_id ?? null, institution_uscc: row?.institution_uscc ?? null };
    };

    for (const event of events) {
      const e = { type: event.type, data: event.data } as DomainEvent;
      switch (e.type) {
        case 'DishonestyRecorded': {
          const s = e.data.subject;
          records.put({ record_id: e.data.recordId, subject_kind: s.kind, subject_id: s.id, institution_uscc: s.kind === 'INSTITUTION' ? s.id : s.institutionUscc });
          break;
        }
        case 'ObjectionFiled':
          objections.put({
            record_id: e.data.recordId,
            objection_id: e.data.objectionId,
            ...subjectOf(e.data.recordId),
            filed_on: e.data.filedOn,
            ...due(objectionDecisionDueOn(e.data.filedOn, this.calendar)),
            origin_position: event.position,
          }, event.position);
          break;
        case 'ObjectionDecided':
          objections.remove(objections.keyOf({ record_id: e.data.recordId, objection_id: e.data.objectionId }), event.position);
          break;
        case 'RecordRevoked':
          // A revoked record leaves every queue: nothing about it is still to be done.
          for (const row of objections.rowsOf(e.data.recordId)) objections.remove(objections.keyOf(row), event.position);
          for (const row of orders.rowsOf(e.data.recordId)) orders.remove(orders.keyOf(row), event.position);
          break;
        case 'RectificationOrdered':
          orders.put({
            order_id: e.data.orderId,
            record_id: e.data.recordId,
            ...subjectOf(e.data.recordId),
            ordered_on: e.data.orderedOn,
            deadline: e.data.deadline,
            status: 'OPEN',
            origin_position: event.position,
          }, event.position);
          break;
        case 'RectificationReported': {
          const order = orders.get(orders.keyOf({ record_id: e.data.recordId, order_id: e.data.orderId }));
          if (order) orders.put({ ...order, pending_report_id: e.data.reportId, reported_on: e.data.reportedOn }, event.position);
          break;
        }
        case 'RectificationReviewed': {
          const order = orders.get(orders.keyOf({ record_id: e.data.recordId, order_id: e.data.orderId }));
          if (!order) break;
          // An accepted report rectifies the order, on time or late; a rejected one leaves it waiting.
          if (e.data.accepted) orders.remove(orders.keyOf({ record_id: e.data.recordId, order_id: e.data.orderId }), event.position);
          else orders.put({ ...order, pending_report_id: null, reported_on: null }, event.position);
          break;
        }
        case 'RectificationDeadlineLapsed': {
          const order = orders.get(orders.keyOf({ record_id: e.data.recordId, order_id: e.data.orderId }));
          if (order) orders.put({ ...order, status: 'LAPSED', lapsed_on: e.data.effectiveOn }, event.position);
          break;
        }
        case 'CreditCheckPerformed': {
          const measures = returnedMeasureCodes(e.data.findings);
          // Feedback is owed on the measures a check returned; a check that returned none owes nothing.
          if (measures.length === 0) break;
          checks.put({
            check_id: e.data.checkId,
            subject_kind: e.data.subject.kind,
            subject_id: e.data.subject.id,
            matter: e.data.matter,
            checked_on: e.data.on,
            case_ref: e.data.caseRef,
            outcome: e.data.outcome,
            measure_count: measures.length,
            ...due(checkFeedbackDueOn(feedbackOwedFrom(e.data.on, event.metadata.recordedAt), this.calendar)),
            origin_position: event.position,
          }, event.position);
          break;
        }
        case 'CheckFeedbackGiven':
          checks.remove(e.data.checkId, event.position);
          break;
        case 'AccountabilityRequired':
          obligations.put({
            obligation_id: e.data.obligationId,
            record_id: e.data.recordId,
            institution_uscc: e.data.uscc,
            person_id: e.data.personId,
            name: e.data.name,
            role: e.data.role,
            required_on: e.data.requiredOn,
            origin_position: event.position,
          }, event.position);
          break;
        case 'AccountabilityDecided':
          if (e.data.obligationId) obligations.remove(obligations.keyOf({ record_id: e.data.recordId, obligation_id: e.data.obligationId }), event.position);
          break;
        case 'AccountabilityObligationCancelled':
          obligations.remove(obligations.keyOf({ record_id: e.data.recordId, obligation_id: e.data.obligationId }), event.position);
          break;
        default:
          break;
      }
    }
    const unwarned = [...missingCalendars].map(String).filter((year) => !this.warnedCalendars.has(year));
    if (unwarned.length > 0) {
      for (const year of unwarned) this.warnedCalendars.add(year);
      context.logger.warn(`no working-day calendar for ${unwarned.sort().join(', ')}: SLA due dates there count weekends only`);
    }
    for (const rows of [records, objections, orders, checks, obligations]) await rows.flush();
  }
}
