import type { StoredEvent } from '@app/event-store';
import { AwardBansProjector } from '../projectors/award-bans.projector';
import { feed, openTestReadStore, runMigration, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { BanLiftActor1764040000000 } from './1764040000000-ban-lift-actor';

const USCC = '11370100MB2850123X';
const imposed = (recordId: string) => ({
  streamId: `record-${recordId}`,
  type: 'AwardBanImposed',
  data: { recordId, banId: `ban-${recordId}`, subject: { kind: 'INSTITUTION', id: USCC }, startsOn: '2026-04-11', lastDay: '2029-04-11' },
});
const lifted = (recordId: string) => ({
  streamId: `record-${recordId}`,
  type: 'AwardBanLiftedEarly',
  data: { recordId, banId: `ban-${recordId}`, on: '2026-06-01', legalBasis: '第十条', decisionNo: '信用〔2026〕9号', reason: '已纠正' },
});
const voided = (recordId: string) => ({
  streamId: `record-${recordId}`,
  type: 'AwardBanVoided',
  data: { recordId, banId: `ban-${recordId}`, voidedOn: '2026-07-01', reason: 'RECORD_REVOKED', objectionId: 'obj-1' },
});

/** Ban a: lifted by li, then voided by wang. Ban b: lifted by li. Ban c: only imposed. */
const events: StoredEvent[] = storedEvents([imposed('a'), imposed('b'), imposed('c'), lifted('a'), lifted('b'), voided('a')]).map((event) => ({
  ...event,
  metadata: { ...event.metadata, actor: event.type === 'AwardBanLiftedEarly' ? { sub: 'li', role: 'credit-office' } : { sub: 'wang', role: 'credit-office' } },
}));

describe('migration: a ban lifted early keeps who lifted it', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('ban-lift-actor')));
  afterEach(async () => store.close());

  it('the projector names the lift’s actor on every version after the lift, a voiding too', async () => {
    await feed(store.dataSource, [new AwardBansProjector()], events, 2);
    const rows = await tableRows(store.dataSource, 'award_bans');
    const of = (ban: string) => rows.filter((row) => row.ban_id === ban).map((row) => [row.lifted_by_sub, row.ended_by_sub]);
    expect(of('ban-a')).toEqual(expect.arrayContaining([[null, null], ['li', 'li'], ['li', 'wang']]));
    expect(of('ban-a')).toHaveLength(3);
    expect(of('ban-b')).toEqual(expect.arrayContaining([[null, null], ['li', 'li']]));
    expect(of('ban-c')).toEqual([[null, null]]);
  });

  it('fills the lift’s actor into the rows an older projector wrote, as the projector now writes them', async () => {
    await feed(store.dataSource, [new AwardBansProjector()], events, 2);
    const expected = await tableRows(store.dataSource, 'award_bans');
    // The rows as they were before: without the columns (the older projector wrote the same rest).
    await runMigration(store.dataSource, new BanLiftActor1764040000000(), 'down');
    expect(Object.keys((await tableRows(store.dataSource, 'award_bans'))[0])).not.toContain('lifted_by_sub');
    await runMigration(store.dataSource, new BanLiftActor1764040000000());
    expect(await tableRows(store.dataSource, 'award_bans')).toEqual(expected);
  });
});
