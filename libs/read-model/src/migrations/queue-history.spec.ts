import type { StoredEvent } from '@app/event-store';
import { WORK_QUEUE_HISTORY_TABLES, WORK_QUEUE_TABLES, WorkQueuesProjector } from '../projectors/work-queues.projector';
import { readCheckpoints } from '../runner/checkpoints';
import { feed, openTestReadStore, runMigration, storedEvents, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { QueueHistory1764060000000 } from './1764060000000-queue-history';

const on = (recordId: string, type: string, data: object) => ({ streamId: `record-${recordId}`, type, data: { recordId, ...data } });
const events: StoredEvent[] = storedEvents([
  on('r-1', 'RectificationOrdered', { orderId: 'ord-1', orderedOn: '2026-03-01', deadline: '2026-04-01', requirements: '清偿' }),
  on('r-1', 'ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-03-16', grounds: '有误' }),
  on('r-2', 'ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-03-17', grounds: '有误' }),
  on('r-1', 'ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-03-25', outcome: 'REJECTED', reason: '不成立' }),
  on('r-1', 'AccountabilityRequired', { obligationId: 'obligation-1', uscc: '11370100MB2850123X', personId: 'p-1', name: '王某', role: 'LEADER_AT_DEADLINE', requiredOn: '2026-04-02' }),
]);
const TABLES = [...Object.values(WORK_QUEUE_TABLES), ...Object.values(WORK_QUEUE_HISTORY_TABLES)];

describe('migration: the work queues keep their history in system time', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('queue-history-migration')));
  afterEach(async () => store.close());

  it('adds the history tables and replays the queues, which then hold what a projection from scratch holds', async () => {
    await feed(store.dataSource, [new WorkQueuesProjector()], events, 2);
    const expected = await tablesRows(store.dataSource, TABLES);
    expect(expected[Object.keys(WORK_QUEUE_TABLES).indexOf('objections')]).toHaveLength(1);

    // A store as it was before: no history tables, the queues at the log's head.
    await runMigration(store.dataSource, new QueueHistory1764060000000(), 'down');
    await runMigration(store.dataSource, new QueueHistory1764060000000());
    expect((await readCheckpoints(store.dataSource)).get('work-queues')).toBe(0);
    for (const rows of await tablesRows(store.dataSource, [WORK_QUEUE_TABLES.objections, ...Object.values(WORK_QUEUE_HISTORY_TABLES)])) expect(rows).toEqual([]);

    await feed(store.dataSource, [new WorkQueuesProjector()], events, 2);
    expect(await tablesRows(store.dataSource, TABLES)).toEqual(expected);
  });
});
