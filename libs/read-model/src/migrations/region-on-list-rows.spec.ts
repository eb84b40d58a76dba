import type { StoredEvent } from '@app/event-store';
import { DishonestListProjector, DISHONEST_LIST_TABLES } from '../projectors/dishonest-list.projector';
import { GreyListProjector, GREY_LIST_TABLES } from '../projectors/grey-list.projector';
import { PublicRecordsProjector, PUBLIC_RECORDS_TABLES } from '../projectors/public-records.projector';
import { queryDishonestList, queryGreyList, queryPublicRecords } from '../queries/lists.query';
import { readCheckpoints } from '../runner/checkpoints';
import { Sql } from '../sql/sql';
import { feed, indexColumns, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { REGION_INDEXES, RegionOnListRows1764080000000 } from './1764080000000-region-on-list-rows';
import { PublicShownSpans1764110000000 } from './1764110000000-public-shown-spans';

const JINAN = '11370100MB2850123X';
const QINGDAO = '11370200MB2850124X';
const registered = (uscc: string, regionCode: string) => ({ streamId: `institution-${uscc}`, type: 'InstitutionRegistered', data: { uscc, name: `机构${regionCode}`, kind: 'GOVERNMENT_ORGAN', regionCode } });
const on = (recordId: string, type: string, data: object) => ({ streamId: `record-${recordId}`, type, data: { recordId, ...data } });
/** Two institutions, in a district of Jinan and in Qingdao; a listed record of each, and an official's record at the Jinan one. */
const events: StoredEvent[] = storedEvents([
  registered(JINAN, '370112'),
  registered(QINGDAO, '370202'),
  on('r-1', 'DishonestyRecorded', seriousInstitutionRecorded('r-1', JINAN)),
  on('r-1', 'InstitutionListed', listedOn20260411('r-1', JINAN)),
  on('r-2', 'DishonestyRecorded', seriousInstitutionRecorded('r-2', QINGDAO)),
  on('r-2', 'InstitutionListed', listedOn20260411('r-2', QINGDAO)),
  on('r-3', 'DishonestyRecorded', { ...seriousInstitutionRecorded('r-3', JINAN), subject: { kind: 'OFFICIAL', id: 'p-1', institutionUscc: JINAN } }),
]);
const projectors = () => [new DishonestListProjector(), new GreyListProjector(), new PublicRecordsProjector()];
const TABLES = [...Object.values(DISHONEST_LIST_TABLES), ...Object.values(GREY_LIST_TABLES), ...Object.values(PUBLIC_RECORDS_TABLES)];

describe('the region on list rows', () => {
  let store: TestReadStore;
  let sql: Sql;
  beforeEach(async () => {
    store = await openTestReadStore('region-rows');
    sql = Sql.of(store.dataSource);
  });
  afterEach(async () => store.close());

  it("every list row carries its institution's region, whichever batch registered it; a province, a city and a district filter on it", async () => {
    await feed(store.dataSource, projectors(), events, 1);
    const regionOf = async (table: string, key: string) => Object.fromEntries((await sql.rows<{ k: string; r: string }>(`SELECT ${key} AS k, region_code AS r FROM ${table}`)).map((row) => [row.k, row.r]));
    expect(await regionOf('dishonest_list', 'record_id')).toEqual({ 'r-1': '370112', 'r-2': '370202' });
    expect(await regionOf('grey_list', 'source_id')).toEqual({ 'record-r-1': '370112', 'record-r-2': '370202' });
    expect(await regionOf('public_records', 'record_id')).toEqual({ 'r-1': '370112', 'r-2': '370202', 'r-3': '370112' });

    const listed = async (region?: string) => (await queryDishonestList(sql, { on: '2026-05-01', region }, { limit: 10, offset: 0 })).items.map((row) => row.record_id).sort();
    expect(await listed('370000')).toEqual(['r-1', 'r-2']);
    expect(await listed('370100')).toEqual(['r-1']);
    expect(await listed('370112')).toEqual(['r-1']);
    expect(await listed('370113')).toEqual([]);
    expect(await listed('110000')).toEqual([]);
    expect((await queryGreyList(sql, { on: '2026-04-01', region: '370200' }, { limit: 10, offset: 0 })).items.map((row) => row.uscc)).toEqual([QINGDAO]);
    const published = await queryPublicRecords(sql, { on: '2026-05-01', region: '370100', publishOfficials: true }, { limit: 10, offset: 0 });
    expect(published.items.map((row) => row.record_id).sort()).toEqual(['r-1', 'r-3']);

    const other = await openTestReadStore('region-rows-batch');
    try {
      await feed(other.dataSource, projectors(), events, 100);
      expect(await tablesRows(other.dataSource, TABLES)).toEqual(await tablesRows(store.dataSource, TABLES));
    } finally {
      await other.close();
    }
  });

  it('the migration takes the region into the list indexes (under the names a rebuild gave them) and replays the three projectors', async () => {
    await feed(store.dataSource, projectors(), events);
    const expected = await tablesRows(store.dataSource, TABLES);
    // As a rebuild leaves an index: its suffix on the name (down and up again keep it).
    await sql.run(`DROP INDEX "dishonest_list__page"`);
    await sql.run(`CREATE INDEX "dishonest_list__page__r0a1b2c" ON "dishonest_list" ("sys_to", "listed_on", "record_id", "valid_from", "valid_to", "sys_from", "domain", "uscc", "region_code")`);
    // The later migration's public indexes take in the region too: down first, up again last.
    await runMigration(store.dataSource, new PublicShownSpans1764110000000(), 'down');
    await runMigration(store.dataSource, new RegionOnListRows1764080000000(), 'down');
    expect((await indexColumns(sql)).dishonest_list__page).toBe('dishonest_list(sys_to, listed_on, record_id, valid_from, valid_to, sys_from, domain, uscc)');
    await runMigration(store.dataSource, new RegionOnListRows1764080000000());

    const indexes = await indexColumns(sql);
    for (const [name, [table, columns]] of Object.entries(REGION_INDEXES)) expect(indexes[name]).toBe(`${table}(${columns.join(', ')})`);
    const suffixed = sql.dialect === 'sqlite' ? `SELECT name FROM sqlite_master WHERE name LIKE '%__r0a1b2c'` : `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%__r0a1b2c'`;
    expect((await sql.rows<{ name: string }>(suffixed)).map((row) => row.name)).toEqual(['dishonest_list__page__r0a1b2c']);

    const checkpoints = await readCheckpoints(store.dataSource);
    for (const name of ['dishonest-list', 'grey-list', 'public-disclosure']) expect(checkpoints.get(name)).toBe(0);
    expect((await tablesRows(store.dataSource, TABLES)).every((rows) => rows.length === 0)).toBe(true);
    await runMigration(store.dataSource, new PublicShownSpans1764110000000());
    await feed(store.dataSource, projectors(), events);
    expect(await tablesRows(store.dataSource, TABLES)).toEqual(expected);
  });
});
