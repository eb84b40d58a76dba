import type { StoredEvent } from '@app/event-store';
import { ArchiveProjector } from '../projectors/archive.projector';
import { StatisticsProjector } from '../projectors/statistics.projector';
import { queryStats } from '../queries/lists.query';
import { readCheckpoints } from '../runner/checkpoints';
import { Sql } from '../sql/sql';
import { feed, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { RevokedListingsUncounted1764030000000 } from './1764030000000-revoked-listings-uncounted';

const USCC = '11370100MB2850123X';
const OTHER = 'r-other';
const RECORD = 'r-repaired';
const on = (recordId: string, type: string, data: object) => ({ streamId: `record-${recordId}`, type, data: { recordId, ...data } });

/**
 * As an older decider wrote it: a listing ended by repair, then revoked by an objection
 * (LISTING_REVOKED) with no second InstitutionDelisted; beside it, another listed record.
 */
const events: StoredEvent[] = storedEvents([
  { streamId: `institution-${USCC}`, type: 'InstitutionRegistered', data: { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } },
  on(RECORD, 'DishonestyRecorded', seriousInstitutionRecorded(RECORD, USCC)),
  on(RECORD, 'InstitutionListed', listedOn20260411(RECORD, USCC)),
  on(OTHER, 'DishonestyRecorded', seriousInstitutionRecorded(OTHER, USCC)),
  on(OTHER, 'InstitutionListed', listedOn20260411(OTHER, USCC)),
  on(RECORD, 'InstitutionDelisted', { uscc: USCC, delistedOn: '2026-10-20', reason: 'REPAIRED' }),
  on(RECORD, 'ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-10-25', grounds: '整改按期完成' }),
  on(RECORD, 'ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-10-30', outcome: 'LISTING_REVOKED', reason: '整改按期' }),
]);

const listings = async (sql: Sql) => (await queryStats(sql, 'domain', '2026-01-01', '2026-12-31')).filter((row) => row.kind === 'LISTING');

describe('migration: a listing revoked after it had ended stops counting in the statistics', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('revoked-listings-uncounted')));
  afterEach(async () => store.close());

  it('counts the revoked listing out at the decision, and replays the statistics of a store that still counts it', async () => {
    const projectors = [new ArchiveProjector(), new StatisticsProjector()];
    await feed(store.dataSource, projectors, events);
    const sql = Sql.of(store.dataSource);
    expect(await listings(sql)).toEqual([{ key: 'GOVERNMENT_PROCUREMENT', kind: 'LISTING', count: 1 }]);
    const expected = await tableRows(store.dataSource, 'stat_facts');

    // What the old projector had stored: the repaired listing still counted.
    await sql.run(`UPDATE stat_facts SET counted = 1 WHERE fact_id = ?`, [`listing:${RECORD}`]);
    expect(await listings(sql)).toEqual([{ key: 'GOVERNMENT_PROCUREMENT', kind: 'LISTING', count: 2 }]);

    await runMigration(store.dataSource, new RevokedListingsUncounted1764030000000());
    expect((await readCheckpoints(store.dataSource)).get('statistics')).toBe(0);
    // The other record's facts stay while the statistics catch up again.
    expect((await tableRows(store.dataSource, 'stat_facts')).map((row) => row.record_id)).toEqual(expect.arrayContaining([OTHER]));
    expect((await tableRows(store.dataSource, 'stat_facts')).map((row) => row.record_id)).not.toContain(RECORD);
    await feed(store.dataSource, [new StatisticsProjector()], events);
    expect(await tableRows(store.dataSource, 'stat_facts')).toEqual(expected);
    expect(await listings(sql)).toEqual([{ key: 'GOVERNMENT_PROCUREMENT', kind: 'LISTING', count: 1 }]);
  });

  it('leaves statistics without such a listing alone (no replay)', async () => {
    await feed(store.dataSource, [new ArchiveProjector(), new StatisticsProjector()], events.slice(0, 7));
    const before = await tableRows(store.dataSource, 'stat_facts');
    await runMigration(store.dataSource, new RevokedListingsUncounted1764030000000());
    expect((await readCheckpoints(store.dataSource)).get('statistics')).toBe(7);
    expect(await tableRows(store.dataSource, 'stat_facts')).toEqual(before);
  });
});
