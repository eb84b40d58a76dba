import { ensureCheckpoints } from '../runner/checkpoints';
import { commitBatch } from '../runner/projection-runner';
import { openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { WorkQueuesProjector } from './work-queues.projector';

const filed = (recordId: string, objectionId: string, filedOn: string) => ({
  streamId: `record-${recordId}`,
  type: 'ObjectionFiled',
  data: { recordId, objectionId, filedOn, grounds: '认定有误' },
});

describe('work-queues projector: SLA due dates without a working-day calendar', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('queues')));
  afterEach(async () => store.close());

  it('marks the due date as counted on weekends only, and warns once per year, not once per batch', async () => {
    const warnings: string[] = [];
    const logger = { log: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) };
    const projector = new WorkQueuesProjector();
    await ensureCheckpoints(store.dataSource, [projector.name]);
    const events = storedEvents([filed('r-1', 'obj-1', '2031-03-03'), filed('r-2', 'obj-1', '2031-04-01'), filed('r-3', 'obj-1', '2032-05-06'), filed('r-4', 'obj-1', '2026-03-02')]);
    for (const event of events) await commitBatch(store.dataSource, projector, [event], { logger });
    expect(warnings).toEqual([
      'no working-day calendar for 2031: SLA due dates there count weekends only',
      'no working-day calendar for 2032: SLA due dates there count weekends only',
    ]);
    const rows = await tableRows(store.dataSource, 'objection_queue');
    expect(rows.map((row) => [row.record_id, row.calendar_known])).toEqual([
      ['r-1', 0],
      ['r-2', 0],
      ['r-3', 0],
      ['r-4', 1],
    ]);
  });
});

describe('work-queues projector: the check feedback SLA', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('checkq')));
  afterEach(async () => store.close());

  const performed = (checkId: string, on: string, recordedAt: string) => ({
    streamId: `check-${checkId}`,
    type: 'CreditCheckPerformed',
    recordedAt,
    data: {
      checkId,
      subject: { kind: 'INSTITUTION', id: '11370100MB28501230' },
      matter: 'AWARD_EVALUATION',
      on,
      caseRef: `case-${checkId}`,
      outcome: 'RESTRICTED',
      findings: [{ kind: 'AWARD_BAN', ref: 'ban-r-1', detail: '', level: 'RESTRICTED', measures: [{ code: 'M-01', name: '取消评先评优资格', legalBasis: '' }] }],
    },
  });

  it('counts five working days from the day the check was recorded (UTC+8), or from its own date when that is later', async () => {
    const projector = new WorkQueuesProjector();
    await ensureCheckpoints(store.dataSource, [projector.name]);
    const events = storedEvents([
      // About an award evaluation held on 2026-10-09, checked on Friday 2026-11-20 (01:00 in Beijing): owed by Friday 2026-11-27, not 2026-10-16.
      performed('back-dated', '2026-10-09', '2026-11-19T17:00:00.000Z'),
      // Recorded on the day it names.
      performed('same-day', '2026-11-20', '2026-11-20T02:00:00.000Z'),
    ]);
    await commitBatch(store.dataSource, projector, events);
    const rows = await tableRows(store.dataSource, 'check_queue');
    expect(rows.map((row) => [row.check_id, row.checked_on, row.due_on])).toEqual([
      ['back-dated', '2026-10-09', '2026-11-27'],
      ['same-day', '2026-11-20', '2026-11-27'],
    ]);
  });
});

describe('work-queues projector: every version of the queues in system time', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('queue-history')));
  afterEach(async () => store.close());

  const on = (recordId: string, type: string, data: object) => ({ streamId: `record-${recordId}`, type, data: { recordId, ...data } });
  /** An order reported (2), the report rejected (3), reported again (4) and accepted (6); an objection filed (5) and decided (7). */
  const events = storedEvents([
    on('r-1', 'RectificationOrdered', { orderId: 'ord-1', orderedOn: '2026-03-01', deadline: '2026-04-01', requirements: '清偿' }),
    on('r-1', 'RectificationReported', { orderId: 'ord-1', reportId: 'rep-1', reportedOn: '2026-03-10', evidence: '凭证' }),
    on('r-1', 'RectificationReviewed', { orderId: 'ord-1', reportId: 'rep-1', reviewedOn: '2026-03-12', accepted: false, reason: '不全' }),
    on('r-1', 'RectificationReported', { orderId: 'ord-1', reportId: 'rep-2', reportedOn: '2026-03-15', evidence: '凭证' }),
    filed('r-1', 'obj-1', '2026-03-16'),
    on('r-1', 'RectificationReviewed', { orderId: 'ord-1', reportId: 'rep-2', reviewedOn: '2026-03-20', accepted: true }),
    on('r-1', 'ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-03-25', outcome: 'REJECTED', reason: '不成立' }),
  ]);

  /** What the history table says a queue held at `position`, as `[item_key, a column]` pairs. */
  const heldAt = async (table: string, position: number, column: string) =>
    (await tableRows(store.dataSource, table)).filter((row) => Number(row.sys_from) <= position && Number(row.sys_to) > position).map((row) => [row.item_key, row[column] ?? null]);

  it.each([1, 2, 7])('keeps each version from the position that made it to the one that replaced it (batches of %i)', async (batch) => {
    const projector = new WorkQueuesProjector();
    await ensureCheckpoints(store.dataSource, [projector.name]);
    for (let start = 0; start < events.length; start += batch) await commitBatch(store.dataSource, projector, events.slice(start, start + batch));

    const order = JSON.stringify(['r-1', 'ord-1']);
    expect(await heldAt('rectification_queue_history', 1, 'pending_report_id')).toEqual([[order, null]]);
    expect(await heldAt('rectification_queue_history', 2, 'pending_report_id')).toEqual([[order, 'rep-1']]);
    expect(await heldAt('rectification_queue_history', 3, 'pending_report_id')).toEqual([[order, null]]);
    expect(await heldAt('rectification_queue_history', 5, 'pending_report_id')).toEqual([[order, 'rep-2']]);
    expect(await heldAt('rectification_queue_history', 6, 'pending_report_id')).toEqual([]);
    expect(await heldAt('objection_queue_history', 4, 'filed_on')).toEqual([]);
    expect(await heldAt('objection_queue_history', 6, 'filed_on')).toEqual([[JSON.stringify(['r-1', 'obj-1']), '2026-03-16']]);
    expect(await heldAt('objection_queue_history', 7, 'filed_on')).toEqual([]);
    // The live queues hold what is open now: nothing.
    expect(await tableRows(store.dataSource, 'rectification_queue')).toEqual([]);
    expect(await tableRows(store.dataSource, 'objection_queue')).toEqual([]);
    // Four versions of the order (opened, reported, rejected, reported again), one of the objection.
    expect((await tableRows(store.dataSource, 'rectification_queue_history')).map((row) => [row.sys_from, row.sys_to])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 6],
    ]);
  });
});
