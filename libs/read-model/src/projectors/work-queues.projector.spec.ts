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
