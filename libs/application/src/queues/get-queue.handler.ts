import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryQueue, QueueKind, Row, toNumber } from '@app/read-model';
import { PagedList } from '../lists/list-views';
import { ReadSide } from '../read-side/read-side.service';
import { GetQueueQuery } from './get-queue.query';

export type QueueItem = Record<string, unknown> & { dueOn: string; overdue: boolean };
export type WorkQueue = PagedList<QueueItem> & { queue: QueueKind; today: string; asOf: { knownAt?: string; position: string } };

const text = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
const subject = (row: Row) => ({ kind: text(row.subject_kind), id: text(row.subject_id), institutionUscc: text(row.institution_uscc) });

const ITEMS: Record<QueueKind, (row: Row) => Record<string, unknown>> = {
  objections: (row) => ({
    recordId: text(row.record_id),
    objectionId: text(row.objection_id),
    subject: subject(row),
    filedOn: text(row.filed_on),
    dueOn: text(row.due_on),
    calendarKnown: toNumber(row.calendar_known) === 1,
  }),
  rectifications: (row) => ({
    orderId: text(row.order_id),
    recordId: text(row.record_id),
    subject: subject(row),
    orderedOn: text(row.ordered_on),
    deadline: text(row.deadline),
    dueOn: text(row.deadline),
    status: text(row.status),
    ...(row.pending_report_id ? { pendingReport: { reportId: text(row.pending_report_id), reportedOn: text(row.reported_on) } } : {}),
    ...(row.lapsed_on ? { lapsedOn: text(row.lapsed_on) } : {}),
  }),
  checks: (row) => ({
    checkId: text(row.check_id),
    subject: { kind: text(row.subject_kind), id: text(row.subject_id) },
    matter: text(row.matter),
    on: text(row.checked_on),
    caseRef: text(row.case_ref),
    outcome: text(row.outcome),
    measures: toNumber(row.measure_count),
    dueOn: text(row.due_on),
    calendarKnown: toNumber(row.calendar_known) === 1,
  }),
  accountability: (row) => ({
    obligationId: text(row.obligation_id),
    recordId: text(row.record_id),
    institutionUscc: text(row.institution_uscc),
    personId: row.person_id === null ? null : text(row.person_id),
    name: row.name === null ? null : text(row.name),
    role: text(row.role),
    requiredOn: text(row.required_on),
    dueOn: text(row.required_on),
  }),
};

/**
 * Open work with its SLA due date (working days by the domain's calendar), overdue first. With
 * `knownAt`, the items open at that instant (the queue's history in system time), overdue as of
 * that instant's day, which `today` names.
 */
@QueryHandler(GetQueueQuery)
export class GetQueueHandler implements IQueryHandler<GetQueueQuery, WorkQueue> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ kind, page, knownAt }: GetQueueQuery): Promise<WorkQueue> {
    const time = await this.readSide.systemTime(knownAt);
    const today = time.date;
    const result = await queryQueue(this.readSide.sql, kind, today, this.readSide.limits(page), time.position);
    const items = result.items.map((row) => ({ ...ITEMS[kind](row), overdue: row.overdue === true }) as QueueItem);
    return { items, page: page.page, pageSize: page.pageSize, total: result.total, queue: kind, today, asOf: time.asOf };
  }
}
