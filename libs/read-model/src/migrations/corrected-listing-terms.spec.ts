import type { StoredEvent } from '@app/event-store';
import { DataSource } from 'typeorm';
import { ArchiveProjector } from '../projectors/archive.projector';
import { DishonestListProjector } from '../projectors/dishonest-list.projector';
import { Sql } from '../sql/sql';
import { feed, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tableRows, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { CorrectedListingTerms1763940000000 } from './1763940000000-corrected-listing-terms';

const USCC = '11370100MB2850123X';
const RECORD = 'r-corrected';
const on = (streamId: string, type: string, data: object) => ({ streamId, type, data });

/** A listed record whose findingOn a v1 correction moved under NDRC-2025-36 (listing minimum 6 months → 1 year). */
const events: StoredEvent[] = storedEvents([
  on(`institution-${USCC}`, 'InstitutionRegistered', { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' }),
  on(`record-${RECORD}`, 'DishonestyRecorded', seriousInstitutionRecorded(RECORD, USCC)),
  on(`record-${RECORD}`, 'InstitutionListed', listedOn20260411(RECORD, USCC)),
  on(`record-${RECORD}`, 'ObjectionFiled', { recordId: RECORD, objectionId: 'obj-1', filedOn: '2026-04-20', grounds: '认定日期有误' }),
  on(`record-${RECORD}`, 'ObjectionDecided', { recordId: RECORD, objectionId: 'obj-1', decidedOn: '2026-04-25', outcome: 'CORRECTED', reason: '更正' }),
  on(`record-${RECORD}`, 'RecordCorrected', {
    recordId: RECORD,
    objectionId: 'obj-1',
    correctedOn: '2026-04-25',
    changes: [
      { field: 'findingOn', oldValue: '2026-03-20', newValue: '2026-04-02' },
      { field: 'policyVersion', oldValue: 'NDRC-2019-527', newValue: 'NDRC-2025-36' },
    ],
  }),
]);

const TABLES = ['archive_documents', 'dishonest_list', 'dishonest_list_records'];
const snapshot = (dataSource: DataSource) => tablesRows(dataSource, TABLES);

describe('migration: listing terms recomputed by corrections made before', () => {
  let store: TestReadStore;
  const projectors = () => [new ArchiveProjector(), new DishonestListProjector()];
  const migrate = () => runMigration(store.dataSource, new CorrectedListingTerms1763940000000());

  beforeEach(async () => {
    store = await openTestReadStore('listing-terms-migration');
  });
  afterEach(async () => {
    await store.close();
  });

  it('folds such records again and replays the dishonest list, which then equal a read model built by the new code', async () => {
    await feed(store.dataSource, projectors(), events);
    const expected = await snapshot(store.dataSource);
    const sql = Sql.of(store.dataSource);
    const [doc] = await sql.rows<{ state: string }>(`SELECT state FROM archive_documents WHERE stream_id = ?`, [`record-${RECORD}`]);
    expect(JSON.parse(doc.state).listing).toMatchObject({ policyVersion: 'NDRC-2025-36', minimumLastDay: '2027-04-11' });

    // What the old code had stored: the listing's terms as listed.
    await sql.run(`UPDATE archive_documents SET state = ? WHERE stream_id = ?`, [
      doc.state.replace('"policyVersion":"NDRC-2025-36","minimumLastDay":"2027-04-11"', '"policyVersion":"NDRC-2019-527","minimumLastDay":"2026-10-11"'),
      `record-${RECORD}`,
    ]);
    await sql.run(`DELETE FROM dishonest_list WHERE sys_from = 6`);
    await sql.run(`UPDATE dishonest_list SET sys_to = ? WHERE sys_from = 5`, [Number.MAX_SAFE_INTEGER]);
    expect(await snapshot(store.dataSource)).not.toEqual(expected);

    await migrate();
    await feed(store.dataSource, projectors(), events);
    expect(await snapshot(store.dataSource)).toEqual(expected);
  });

  it('leaves a read store without such a record as it is', async () => {
    const withoutCorrection = events.slice(0, 5);
    await feed(store.dataSource, projectors(), withoutCorrection);
    const before = await snapshot(store.dataSource);
    const checkpoints = await tableRows(store.dataSource, 'projection_checkpoints');
    await migrate();
    expect(await snapshot(store.dataSource)).toEqual(before);
    expect(await tableRows(store.dataSource, 'projection_checkpoints')).toEqual(checkpoints);
  });
});
