import type { StoredEvent } from '@app/event-store';
import { DataSource } from 'typeorm';
import { PublicRecordsProjector } from '../projectors/public-records.projector';
import { Sql } from '../sql/sql';
import { feed, openTestReadStore, runMigration, storedEvents, tableRows, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { PublicListedRows1763960000000 } from './1763960000000-public-listed-rows';

const USCC = '11370100MB2850123X';
const on = (streamId: string, type: string, data: object) => ({ streamId, type, data });
const recorded = (recordId: string, severity: string) =>
  on(`record-${recordId}`, 'DishonestyRecorded', {
    recordId,
    subject: { kind: 'INSTITUTION', id: USCC },
    category: 'ARREARS_TO_ENTERPRISES',
    severity,
    domain: 'GOVERNMENT_PROCUREMENT',
    occurredOn: '2025-01-10',
    description: '拖欠账款',
    finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: '罚〔2025〕1号', authority: '财政局', findingOn: '2025-01-10' },
    policyProfile: 'national',
    policyVersion: 'NDRC-2019-527',
  });
const listed = (recordId: string) =>
  on(`record-${recordId}`, 'InstitutionListed', { recordId, uscc: USCC, listedOn: '2025-04-01', policyVersion: 'NDRC-2019-527', minimumLastDay: '2025-10-01', publicationLastDay: '2028-04-01' });

/** A listed SERIOUS record (published to 2028-01-10, listed to 2028-04-01), a listed MINOR one, and one never listed. */
const events: StoredEvent[] = storedEvents([
  on(`institution-${USCC}`, 'InstitutionRegistered', { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' }),
  recorded('r-serious', 'SERIOUS'),
  listed('r-serious'),
  recorded('r-minor', 'MINOR'),
  listed('r-minor'),
  recorded('r-general', 'GENERAL'),
]);

const TABLES = ['public_records', 'public_record_states'];
const snapshot = (dataSource: DataSource) => tablesRows(dataSource, TABLES);

describe('migration: public rows carry their listing’s publication', () => {
  let store: TestReadStore;
  const migration = new PublicListedRows1763960000000();
  const run = (step: 'up' | 'down') => runMigration(store.dataSource, migration, step);

  beforeEach(async () => {
    store = await openTestReadStore('public-listed-rows');
  });
  afterEach(async () => {
    await store.close();
  });

  it('works out the rows of listed records again, which then equal a read model built by the new code', async () => {
    await feed(store.dataSource, [new PublicRecordsProjector()], events);
    const expected = await snapshot(store.dataSource);
    const sql = Sql.of(store.dataSource);
    expect(await sql.rows(`SELECT record_id, publication_last_day, listed_from, listed_to FROM public_records ORDER BY record_id`)).toEqual([
      { record_id: 'r-general', publication_last_day: '2026-01-10', listed_from: null, listed_to: null },
      { record_id: 'r-minor', publication_last_day: '2028-04-01', listed_from: '2025-04-01', listed_to: '2028-04-01' },
      { record_id: 'r-serious', publication_last_day: '2028-04-01', listed_from: '2025-04-01', listed_to: '2028-04-01' },
    ]);

    // What the old code had stored: the record's own last day, and no listing span (no columns).
    await sql.run(`UPDATE public_records SET publication_last_day = pub_to`);
    await run('down');
    await run('up');
    await feed(store.dataSource, [new PublicRecordsProjector()], events);
    expect(await snapshot(store.dataSource)).toEqual(expected);
  });

  it('leaves the rows of a read store without listings as they are', async () => {
    const unlisted = [events[0], events[1], events[3], events[5]];
    await feed(store.dataSource, [new PublicRecordsProjector()], unlisted);
    const before = await snapshot(store.dataSource);
    const checkpoints = await tableRows(store.dataSource, 'projection_checkpoints');
    await run('down');
    await run('up');
    expect(await snapshot(store.dataSource)).toEqual(before);
    expect(await tableRows(store.dataSource, 'projection_checkpoints')).toEqual(checkpoints);
  });
});
