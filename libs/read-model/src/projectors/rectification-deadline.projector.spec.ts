import { RectificationDeadline } from '../entities';
import { feed, openTestReadStore, storedEvents, TestReadStore } from '../testing/read-store-harness';
import { RectificationDeadlineProjector } from './rectification-deadline.projector';

const ordered = (recordId: string, deadline: string) => ({
  streamId: `record-${recordId}`,
  type: 'RectificationOrdered',
  data: { recordId, orderId: 'order-1', orderedOn: '2026-01-02', deadline, requirements: '整改' },
});

describe('rectification-deadlines projector', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('deadlines')));
  afterEach(async () => store.close());

  it('keeps every record’s order-1 on the worklist (order ids are numbered per record)', async () => {
    const events = storedEvents([
      ordered('r-a', '2026-02-01'),
      ordered('r-b', '2026-03-01'),
      { streamId: 'record-r-b', type: 'RectificationDeadlineLapsed', data: { recordId: 'r-b', orderId: 'order-1', deadline: '2026-03-01', effectiveOn: '2026-03-02' } },
    ]);
    await feed(store.dataSource, [new RectificationDeadlineProjector()], events);
    const rows = await store.dataSource.getRepository(RectificationDeadline).find({ order: { recordId: 'ASC' } });
    expect(rows.map((r) => [r.recordId, r.orderId, r.status])).toEqual([
      ['r-a', 'order-1', 'OPEN'],
      ['r-b', 'order-1', 'SETTLED'],
    ]);
  });

  it('a lapse settles every order of its record (one lapse per record): a second order an old log holds is not swept for ever', async () => {
    const events = storedEvents([
      ordered('r-c', '2026-02-01'),
      { ...ordered('r-c', '2026-03-01'), data: { ...ordered('r-c', '2026-03-01').data, orderId: 'order-2' } },
      { streamId: 'record-r-c', type: 'RectificationDeadlineLapsed', data: { recordId: 'r-c', orderId: 'order-1', deadline: '2026-02-01', effectiveOn: '2026-02-02' } },
    ]);
    await feed(store.dataSource, [new RectificationDeadlineProjector()], events);
    const rows = await store.dataSource.getRepository(RectificationDeadline).find({ order: { orderId: 'ASC' } });
    expect(rows.map((r) => [r.orderId, r.status])).toEqual([
      ['order-1', 'SETTLED'],
      ['order-2', 'SETTLED'],
    ]);
  });
});
