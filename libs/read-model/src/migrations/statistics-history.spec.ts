import type { StoredEvent } from '@app/event-store';
import { StatisticsProjector, STAT_FACTS_HISTORY_TABLE, STAT_FACTS_TABLE } from '../projectors/statistics.projector';
import { queryStats } from '../queries/lists.query';
import { readCheckpoints } from '../runner/checkpoints';
import { Sql } from '../sql/sql';
import { feed, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { StatisticsHistory1764070000000 } from './1764070000000-statistics-history';

const USCC = '11370100MB2850123X';
const on = (recordId: string, type: string, data: object) => ({ streamId: `record-${recordId}`, type, data: { recordId, ...data } });
/** A record (1) listed (2), its category corrected (3), then revoked as wrong (4). */
const events: StoredEvent[] = storedEvents([
  on('r-1', 'DishonestyRecorded', seriousInstitutionRecorded('r-1', USCC)),
  on('r-1', 'InstitutionListed', listedOn20260411('r-1', USCC)),
  on('r-1', 'RecordCorrected', { objectionId: 'obj-1', correctedOn: '2026-05-01', changes: [{ field: 'category', oldValue: 'ARREARS_TO_ENTERPRISES', newValue: 'CONTRACT_BREACH' }] }),
  on('r-1', 'RecordRevoked', { objectionId: 'obj-2', revokedOn: '2026-06-01', reason: '认定错误' }),
]);
const TABLES = [STAT_FACTS_TABLE, STAT_FACTS_HISTORY_TABLE];

describe('statistics in system time', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('statistics-history')));
  afterEach(async () => store.close());

  it('count at a past position as the facts stood then, batch by batch alike', async () => {
    await feed(store.dataSource, [new StatisticsProjector()], events, 1);
    const sql = Sql.of(store.dataSource);
    const counts = async (position?: number) => (await queryStats(sql, 'category', '2026-01-01', '2026-12-31', position)).map((row) => [row.key, row.kind, row.count]);
    expect(await counts(1)).toEqual([['ARREARS_TO_ENTERPRISES', 'RECORD', 1]]);
    expect(await counts(2)).toEqual([
      ['ARREARS_TO_ENTERPRISES', 'LISTING', 1],
      ['ARREARS_TO_ENTERPRISES', 'RECORD', 1],
    ]);
    expect(await counts(3)).toEqual([
      ['CONTRACT_BREACH', 'LISTING', 1],
      ['CONTRACT_BREACH', 'RECORD', 1],
    ]);
    expect(await counts(4)).toEqual([]);
    expect(await counts()).toEqual([]);

    const other = await openTestReadStore('statistics-history-batch');
    try {
      await feed(other.dataSource, [new StatisticsProjector()], events, 100);
      expect(await tablesRows(other.dataSource, TABLES)).toEqual(await tablesRows(store.dataSource, TABLES));
    } finally {
      await other.close();
    }
  });

  it('the migration adds the history and replays the statistics, which then hold what a projection from scratch holds', async () => {
    await feed(store.dataSource, [new StatisticsProjector()], events.slice(0, 3));
    const expected = await tablesRows(store.dataSource, TABLES);
    await runMigration(store.dataSource, new StatisticsHistory1764070000000(), 'down');
    await runMigration(store.dataSource, new StatisticsHistory1764070000000());
    expect((await readCheckpoints(store.dataSource)).get('statistics')).toBe(0);
    expect(await tablesRows(store.dataSource, TABLES)).toEqual([[], []]);
    await feed(store.dataSource, [new StatisticsProjector()], events.slice(0, 3));
    expect(await tablesRows(store.dataSource, TABLES)).toEqual(expected);
  });
});
