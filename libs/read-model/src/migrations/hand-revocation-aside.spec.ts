import { ExemplarsProjector } from '../projectors/exemplars.projector';
import { queryExemplars } from '../queries/lists.query';
import { Sql } from '../sql/sql';
import { feed, openTestReadStore, runMigration, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { HAND_REVOCATION_ASIDE_COLUMNS, HandRevocationAside1764100000000 } from './1764100000000-hand-revocation-aside';

const USCC = '11370100MB2850123X';
const designated = { streamId: 'exemplar-ex-1', type: 'ExemplarDesignated', data: { exemplarId: 'ex-1', subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信之星', basis: '评定', designatedOn: '2026-01-05' } };
const byHand = { streamId: 'exemplar-ex-1', type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2026-06-01', reason: '主动撤销' } };
const joint = { streamId: 'exemplar-ex-1', type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2026-04-11', reason: 'JOINT_PUNISHMENT', causedByRecordId: 'r-1' } };
const voided = { streamId: 'exemplar-ex-1', type: 'ExemplarRevocationVoided', data: { exemplarId: 'ex-1', recordId: 'r-1', voidedOn: '2026-07-20', reason: 'LISTING_REVOKED', objectionId: 'obj-1' } };
const COLUMNS = HAND_REVOCATION_ASIDE_COLUMNS.map(([column]) => column);
const page = { limit: 50, offset: 0 };

describe('migration and red list: a revocation by hand kept aside by one for 联合惩戒 from an earlier day', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('hand-revocation-aside')));
  afterEach(async () => store.close());

  it('adds empty columns to the rows an older projector wrote; the projector keeps the one by hand aside and brings it back when the other is voided', async () => {
    const events = storedEvents([designated, byHand, joint, voided]);
    await feed(store.dataSource, [new ExemplarsProjector()], events.slice(0, 2), 1);
    const before = await tableRows(store.dataSource, 'exemplars');
    await runMigration(store.dataSource, new HandRevocationAside1764100000000(), 'down');
    expect(Object.keys((await tableRows(store.dataSource, 'exemplars'))[0])).not.toEqual(expect.arrayContaining([COLUMNS[0]]));
    await runMigration(store.dataSource, new HandRevocationAside1764100000000());
    expect(await tableRows(store.dataSource, 'exemplars')).toEqual(before);
    expect(before.every((row) => COLUMNS.every((column) => row[column] === null))).toBe(true);

    await feed(store.dataSource, [new ExemplarsProjector()], events.slice(2), 1);
    const sql = Sql.of(store.dataSource);
    const row = async (on: string, position?: number) => (await queryExemplars(sql, { on, ...(position !== undefined && { position }) }, page)).items;
    // Now: the listing's revocation never was; the one by hand is in force from its own day.
    expect(await row('2026-05-31')).toEqual([
      expect.objectContaining({ revoked_on: '2026-06-01', revoke_reason: '主动撤销', caused_by_record_id: null, aside_revoked_on: null, active_to: '2026-05-31', revocation_void_reason: 'LISTING_REVOKED' }),
    ]);
    expect(await row('2026-06-01')).toEqual([]);
    // Known before the voiding: revoked from the listing's day, the one by hand aside.
    const beforeVoiding = events[3].position - 1;
    expect(await row('2026-04-10', beforeVoiding)).toEqual([
      expect.objectContaining({ revoked_on: '2026-04-11', revoke_reason: 'JOINT_PUNISHMENT', aside_revoked_on: '2026-06-01', aside_revoke_reason: '主动撤销', active_to: '2026-04-10' }),
    ]);
    expect(await row('2026-04-11', beforeVoiding)).toEqual([]);
  });

  it('shows the same title whichever of the two revocations was entered first', async () => {
    const now = async (order: typeof byHand[]) => {
      const other = await openTestReadStore('hand-revocation-aside-order');
      try {
        await feed(other.dataSource, [new ExemplarsProjector()], storedEvents([designated, ...order, voided]), 1);
        const sql = Sql.of(other.dataSource);
        const rows = async (on: string) => (await queryExemplars(sql, { on }, page)).items.map((r) => [r.revoked_on, r.revoke_reason, r.aside_revoked_on, r.active_to]);
        return { may: await rows('2026-05-31'), june: await rows('2026-06-01') };
      } finally {
        await other.close();
      }
    };
    const handFirst = await now([byHand, joint]);
    expect(handFirst).toEqual({ may: [['2026-06-01', '主动撤销', null, '2026-05-31']], june: [] });
    expect(await now([joint, byHand])).toEqual(handFirst);
  });

  it('gives the same rows whatever the batch size', async () => {
    const events = storedEvents([designated, byHand, joint, voided]);
    await feed(store.dataSource, [new ExemplarsProjector()], events, 1);
    const one = await tableRows(store.dataSource, 'exemplars');
    const other = await openTestReadStore('hand-revocation-aside-batch');
    try {
      await feed(other.dataSource, [new ExemplarsProjector()], events, 100);
      expect(await tableRows(other.dataSource, 'exemplars')).toEqual(one);
    } finally {
      await other.close();
    }
  });
});
