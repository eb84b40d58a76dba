import type { StoredEvent } from '@app/event-store';
import { PublicRecordsProjector, shownSpans } from '../projectors/public-records.projector';
import { queryPublicRecords } from '../queries/lists.query';
import { Sql } from '../sql/sql';
import { feed, indexColumns, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { PublicShownSpans1764110000000, SHOWN_INDEXES } from './1764110000000-public-shown-spans';

const USCC = '11370100MB2850123X';
const on = (streamId: string, type: string, data: object) => ({ streamId, type, data });
const recorded = (recordId: string, severity: string) => on(`record-${recordId}`, 'DishonestyRecorded', { ...seriousInstitutionRecorded(recordId, USCC), severity });

/** Published and listed (the spans overlap), listed only (MINOR), published only (GENERAL), never public (MINOR). */
const events: StoredEvent[] = storedEvents([
  on(`institution-${USCC}`, 'InstitutionRegistered', { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370112' }),
  recorded('r-serious', 'SERIOUS'),
  on('record-r-serious', 'InstitutionListed', listedOn20260411('r-serious', USCC)),
  recorded('r-minor-listed', 'MINOR'),
  on('record-r-minor-listed', 'InstitutionListed', listedOn20260411('r-minor-listed', USCC)),
  recorded('r-general', 'GENERAL'),
  recorded('r-minor', 'MINOR'),
]);

const TABLES = ['public_records', 'public_record_states', 'public_official_names', 'public_record_regions'];
const migration = new PublicShownSpans1764110000000();

describe('migration: a public row keeps the days it is public as two spans at most', () => {
  let store: TestReadStore;
  let sql: Sql;
  beforeEach(async () => {
    store = await openTestReadStore('public-shown-spans');
    sql = Sql.of(store.dataSource);
  });
  afterEach(async () => store.close());

  it('works the spans out of the rows in place (no replay), equal to what the projector writes, and counts on the new indexes', async () => {
    await feed(store.dataSource, [new PublicRecordsProjector()], events);
    const expected = await tablesRows(store.dataSource, TABLES);
    const checkpoint = await sql.rows(`SELECT * FROM projection_checkpoints WHERE name = 'public-disclosure'`);
    // A superseded index as a rebuild leaves it: its suffix on the name.
    await runMigration(store.dataSource, migration, 'down');
    await sql.run(`DROP INDEX "public_records__count"`);
    await sql.run(`CREATE INDEX "public_records__count__r0a1b2c" ON "public_records" ("pub_from", "pub_to", "subject_kind", "institution_uscc", "region_code")`);
    expect(Object.keys(await indexColumns(sql))).toEqual(expect.arrayContaining(['public_records__count', 'public_records__listed', 'public_records__public_page']));
    await runMigration(store.dataSource, migration);

    expect(await tablesRows(store.dataSource, TABLES)).toEqual(expected);
    expect(await sql.rows(`SELECT * FROM projection_checkpoints WHERE name = 'public-disclosure'`)).toEqual(checkpoint);
    const indexes = await indexColumns(sql);
    for (const [name, columns] of SHOWN_INDEXES) expect(indexes[name]).toBe(`public_records(${columns.join(', ')})`);
    expect(Object.keys(indexes).filter((name) => /^public_records__(count|listed)/.test(name))).toEqual([]);
    const shown = await queryPublicRecords(sql, { on: '2026-05-01', region: '370000', publishOfficials: false }, { limit: 10, offset: 0 });
    expect(shown.items.map((row) => row.record_id).sort()).toEqual(['r-general', 'r-minor-listed', 'r-serious']);
    expect(shown.total).toBe(3);
  });

  it('joins spans apart a day and keeps spans further apart as two, as the projector does', async () => {
    await feed(store.dataSource, [new PublicRecordsProjector()], events);
    await runMigration(store.dataSource, migration, 'down');
    // Spans the generated log above has not: publication and listing apart, or one the day after the other.
    const cases: Array<[recordId: string, pub: [string, string], listed: [string, string]]> = [
      ['r-serious', ['2025-01-10', '2026-01-10'], ['2026-01-11', '2029-01-11']],
      ['r-minor-listed', ['2027-01-10', '2028-01-10'], ['2025-04-01', '2026-04-01']],
      ['r-general', ['2025-01-10', '2026-01-10'], ['2026-02-28', '9999-12-31']],
    ];
    for (const [recordId, pub, listed] of cases) {
      await sql.run(`UPDATE public_records SET pub_from = ?, pub_to = ?, listed_from = ?, listed_to = ? WHERE record_id = ?`, [...pub, ...listed, recordId]);
    }
    await runMigration(store.dataSource, migration);
    const rows = await sql.rows<Record<string, string | null>>(`SELECT record_id, shown_from, shown_to, reshown_from, reshown_to FROM public_records`);
    for (const [recordId, pub, listed] of cases) {
      const [shown, reshown] = shownSpans({ from: pub[0], to: pub[1] }, { from: listed[0], to: listed[1] });
      expect(rows.find((row) => row.record_id === recordId)).toEqual({
        record_id: recordId,
        shown_from: shown?.from ?? null,
        shown_to: shown?.to ?? null,
        reshown_from: reshown?.from ?? null,
        reshown_to: reshown?.to ?? null,
      });
    }
    expect(rows.find((row) => row.record_id === 'r-serious')).toMatchObject({ shown_from: '2025-01-10', shown_to: '2029-01-11', reshown_from: null });
    expect(rows.find((row) => row.record_id === 'r-general')).toMatchObject({ shown_to: '2026-01-10', reshown_from: '2026-02-28', reshown_to: '9999-12-31' });
    const ids = async (day: string) => (await queryPublicRecords(sql, { on: day, publishOfficials: false }, { limit: 10, offset: 0 })).items.map((row) => row.record_id).sort();
    expect(await ids('2026-02-01')).toEqual(['r-minor-listed', 'r-serious']);
    expect(await ids('2026-12-01')).toEqual(['r-general', 'r-serious']);
  });
});
