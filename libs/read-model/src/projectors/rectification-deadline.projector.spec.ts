import { RectificationDeadline } from '../entities';
import { feed, openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
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
  it('an accepted report filed on or before the deadline settles its order; a late one, a rejected one or another order’s does not; the same rows whatever the batches', async () => {
    const reported = (recordId: string, orderId: string, reportId: string, reportedOn: string) => ({
      streamId: `record-${recordId}`,
      type: 'RectificationReported',
      data: { recordId, orderId, reportId, reportedOn, summary: '已整改' },
    });
    const reviewed = (recordId: string, orderId: string, reportId: string, accepted: boolean) => ({
      streamId: `record-${recordId}`,
      type: 'RectificationReviewed',
      data: { recordId, orderId, reportId, reviewedOn: '2026-03-05', accepted },
    });
    const events = storedEvents([
      ordered('r-on-time', '2026-03-01'),
      ordered('r-late', '2026-03-01'),
      ordered('r-rejected', '2026-03-01'),
      ordered('r-revoked', '2026-03-01'),
      reported('r-on-time', 'order-1', 'report-1', '2026-03-01'),
      reported('r-late', 'order-1', 'report-1', '2026-03-02'),
      reported('r-rejected', 'order-1', 'report-1', '2026-02-20'),
      reviewed('r-rejected', 'order-1', 'report-1', false),
      reported('r-rejected', 'order-1', 'report-2', '2026-02-25'),
      reviewed('r-on-time', 'order-1', 'report-1', true),
      reviewed('r-late', 'order-1', 'report-1', true),
      { streamId: 'record-r-revoked', type: 'RecordRevoked', data: { recordId: 'r-revoked', revokedOn: '2026-02-10', objectionId: 'obj-1' } },
    ]);
    await feed(store.dataSource, [new RectificationDeadlineProjector()], events, events.length);
    const rows = await tableRows(store.dataSource, 'rectification_deadlines');
    expect(rows.map((r) => [r.record_id, r.status, JSON.parse(String(r.on_time_reports))])).toEqual([
      ['r-late', 'OPEN', []],
      ['r-on-time', 'SETTLED', ['report-1']],
      ['r-rejected', 'OPEN', ['report-1', 'report-2']],
      ['r-revoked', 'SETTLED', []],
    ]);
    const oneByOne = await openTestReadStore('deadlines-one');
    try {
      await feed(oneByOne.dataSource, [new RectificationDeadlineProjector()], events, 1);
      expect(await tableRows(oneByOne.dataSource, 'rectification_deadlines')).toEqual(rows);
    } finally {
      await oneByOne.close();
    }
  });
});
