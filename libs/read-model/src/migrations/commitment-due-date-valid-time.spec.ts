import { DataSource } from 'typeorm';
import { ArchiveProjector } from '../projectors/archive.projector';
import { GreyListProjector } from '../projectors/grey-list.projector';
import { Sql } from '../sql/sql';
import { feed, openTestReadStore, runMigration, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { CommitmentDueDateValidTime1763920000000 } from './1763920000000-commitment-due-date-valid-time';

const USCC = '11370100MB2850123X';

const made = (commitmentId: string) => ({
  streamId: `commitment-${commitmentId}`,
  type: 'CommitmentMade',
  data: {
    commitmentId,
    institutionUscc: USCC,
    kind: 'DEADLINE',
    domain: 'INVESTMENT_ATTRACTION',
    title: '奖励30日内兑现',
    content: '30日内兑现',
    signedBy: 'p-wang',
    madeOn: '2025-01-01',
    dueOn: '2025-03-01',
    channels: ['PORTAL'],
  },
});

const events = storedEvents([
  { streamId: `institution-${USCC}`, type: 'InstitutionRegistered', data: { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } },
  made('c-extended'),
  made('c-untouched'),
  {
    streamId: 'commitment-c-extended',
    type: 'CommitmentAmended',
    data: { commitmentId: 'c-extended', on: '2025-05-01', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '条例修订', newDueOn: '2025-12-31' },
  },
]);

const TABLES = ['archive_documents', 'grey_list', 'grey_list_sources', 'projection_checkpoints'];

async function snapshot(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await tableRows(dataSource, table)] as const)));
}

describe('migration: an amended due date applies from the amendment’s date (valid time)', () => {
  let store: TestReadStore;
  const projectors = () => [new ArchiveProjector(), new GreyListProjector()];

  beforeEach(async () => {
    store = await openTestReadStore('due-date-migration');
  });
  afterEach(async () => {
    await store.close();
  });

  it('replays the commitments whose due date was amended, so the read model equals one built by the new rule', async () => {
    await feed(store.dataSource, projectors(), events);
    const expected = await snapshot(store.dataSource);
    const current = (expected.grey_list as Array<{ source_id: string; valid_from: string; valid_to: string; sys_to: unknown }>).filter(
      (r) => r.source_id === 'commitment-c-extended' && r.sys_to === Number.MAX_SAFE_INTEGER,
    );
    expect(current.map((r) => [r.valid_from, r.valid_to])).toEqual([
      ['2025-03-02', '2025-04-30'],
      ['2026-01-01', '9999-12-31'],
    ]);

    // What the read store held before: states without the replaced due date, and the reasons the old rule gave.
    const sql = Sql.of(store.dataSource);
    for (const table of ['archive_documents', 'grey_list_sources']) {
      const [row] = await sql.rows<{ state: string }>(`SELECT state FROM ${table} WHERE stream_id = 'commitment-c-extended'`);
      await sql.run(`UPDATE ${table} SET state = ? WHERE stream_id = 'commitment-c-extended'`, [row.state.replace(/,"previousDueOn":"2025-03-01"/, '')]);
    }
    await sql.run(`DELETE FROM grey_list WHERE source_id = 'commitment-c-extended' AND valid_from = '2025-03-02' AND sys_to = ?`, [Number.MAX_SAFE_INTEGER]);
    const untouched = (await sql.rows<{ state: string }>(`SELECT state FROM grey_list_sources WHERE stream_id = 'commitment-c-untouched'`))[0].state;

    await runMigration(store.dataSource, new CommitmentDueDateValidTime1763920000000());
    const checkpoints = await sql.rows<{ name: string; position: unknown }>(`SELECT name, position FROM projection_checkpoints ORDER BY name`);
    expect(checkpoints.map((c) => [c.name, Number(c.position)])).toEqual([
      ['archive', 0],
      ['grey-list', 0],
    ]);
    // The projectors catch up from there: only the removed commitment is folded again.
    await feed(store.dataSource, projectors(), events);
    expect(await snapshot(store.dataSource)).toEqual(expected);
    expect((await sql.rows<{ state: string }>(`SELECT state FROM grey_list_sources WHERE stream_id = 'commitment-c-untouched'`))[0].state).toBe(untouched);
  });

  it('leaves a read model without amended due dates as it is', async () => {
    await feed(store.dataSource, projectors(), events.slice(0, 3));
    const before = await snapshot(store.dataSource);
    await runMigration(store.dataSource, new CommitmentDueDateValidTime1763920000000());
    expect(await snapshot(store.dataSource)).toEqual(before);
  });
});
