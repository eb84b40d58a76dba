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
