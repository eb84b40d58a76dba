import type { StoredEvent } from '@app/event-store';
import { DataSource } from 'typeorm';
import { DishonestListProjector } from '../projectors/dishonest-list.projector';
import { GreyListProjector } from '../projectors/grey-list.projector';
import { PublicRecordsProjector } from '../projectors/public-records.projector';
import { queryDishonestList, queryGreyList } from '../queries/lists.query';
import { Sql } from '../sql/sql';
import { feed, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tableRows, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { RevokedListingsNeverListed1763980000000 } from './1763980000000-revoked-listings-never-listed';

const USCC = '11370100MB2850123X';
const RECORD = 'r-wrong-lapse';
const on = (type: string, data: object) => ({ streamId: `record-${RECORD}`, type, data: { recordId: RECORD, ...data } });

/** A listing an objection found wrong (the rectification was in time): LISTING_REVOKED. */
const events: StoredEvent[] = storedEvents([
  { streamId: `institution-${USCC}`, type: 'InstitutionRegistered', data: { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } },
  on('DishonestyRecorded', seriousInstitutionRecorded(RECORD, USCC)),
  on('InstitutionListed', listedOn20260411(RECORD, USCC)),
  on('ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-04-20', grounds: '已按期整改' }),
  on('ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-04-25', outcome: 'LISTING_REVOKED', reason: '整改按期' }),
  on('InstitutionDelisted', { uscc: USCC, delistedOn: '2026-04-25', reason: 'LISTING_REVOKED' }),
]);

const TABLES = ['dishonest_list', 'dishonest_list_records'];
const snapshot = (dataSource: DataSource) => tablesRows(dataSource, TABLES);

describe('migration: listings revoked as wrong count as never listed', () => {
  let store: TestReadStore;
  const projectors = () => [new DishonestListProjector()];
  const migrate = () => runMigration(store.dataSource, new RevokedListingsNeverListed1763980000000());
  const page = { limit: 10, offset: 0 };

  beforeEach(async () => {
    store = await openTestReadStore('revoked-listings-migration');
  });
  afterEach(async () => {
    await store.close();
  });

  it('replays the list, which then answers no day for the revoked listing and the old days through knownAt', async () => {
    await feed(store.dataSource, projectors(), events);
    const expected = await snapshot(store.dataSource);
    const sql = Sql.of(store.dataSource);
    expect((await queryDishonestList(sql, { on: '2026-04-20' }, page)).total).toBe(0);
    // Known before the decision (position 5, which revokes it): listed then.
    expect((await queryDishonestList(sql, { on: '2026-04-20', position: 4 }, page)).total).toBe(1);

    // What the old code had stored: the listing on the list until the revocation.
    await sql.run(`UPDATE dishonest_list SET valid_from = '2026-04-11', valid_to = '2026-04-24' WHERE delist_reason = 'LISTING_REVOKED'`);
    expect((await queryDishonestList(sql, { on: '2026-04-20' }, page)).total).toBe(1);

    await migrate();
    await feed(store.dataSource, projectors(), events);
    expect(await snapshot(store.dataSource)).toEqual(expected);
  });

  it('also replays for a listing revoked after a repair had ended it, which the list row alone does not show (the record’s state does)', async () => {
    const repairedThenRevoked = storedEvents([
      ...events.slice(0, 3).map(({ streamId, type, data }) => ({ streamId, type, data })),
      on('InstitutionDelisted', { uscc: USCC, delistedOn: '2026-10-20', reason: 'REPAIRED' }),
      on('ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-11-01', grounds: '列入有误' }),
      on('ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-11-05', outcome: 'LISTING_REVOKED', reason: '整改按期' }),
    ]);
    const all = () => [new PublicRecordsProjector(), new DishonestListProjector(), new GreyListProjector()];
    const tables = [...TABLES, 'public_records', 'public_record_states', 'grey_list', 'grey_list_sources'];
    await feed(store.dataSource, all(), repairedThenRevoked);
    const expected = await tablesRows(store.dataSource, tables);
    const sql = Sql.of(store.dataSource);
    expect((await queryDishonestList(sql, { on: '2026-05-01' }, page)).total).toBe(0);
    // Never led to a listing: a SERIOUS record in publication, not listed, on the grey list throughout.
    expect((await queryGreyList(sql, { on: '2026-05-01' }, page)).items).toEqual([
      expect.objectContaining({ uscc: USCC, reasons: [expect.objectContaining({ reason: 'SERIOUS_RECORD_NOT_LISTED' })] }),
    ]);
    // What the old code had stored: the repaired listing on the list until the repair, shown to the
    // public, and the record off the grey list while it stood.
    await sql.run(`UPDATE dishonest_list SET delisted_on = '2026-10-20', delist_reason = 'REPAIRED', valid_from = '2026-04-11', valid_to = '2026-10-19' WHERE delist_reason = 'LISTING_REVOKED'`);
    await sql.run(`UPDATE public_records SET listed_on = '2026-04-11', listing_last_day = '2029-04-11', delisted_on = '2026-10-20'`);
    await sql.run(`DELETE FROM grey_list WHERE reason = 'SERIOUS_RECORD_NOT_LISTED'`);
    expect((await queryDishonestList(sql, { on: '2026-05-01' }, page)).total).toBe(1);
    await migrate();
    await feed(store.dataSource, all(), repairedThenRevoked);
    expect(await tablesRows(store.dataSource, tables)).toEqual(expected);
  });

  it('leaves a read store without such a listing as it is', async () => {
    await feed(store.dataSource, projectors(), events.slice(0, 4));
    const before = await snapshot(store.dataSource);
    const checkpoints = await tableRows(store.dataSource, 'projection_checkpoints');
    await migrate();
    expect(await snapshot(store.dataSource)).toEqual(before);
    expect(await tableRows(store.dataSource, 'projection_checkpoints')).toEqual(checkpoints);
  });
});
