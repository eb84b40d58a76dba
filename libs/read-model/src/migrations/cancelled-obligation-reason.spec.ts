import type { StoredEvent } from '@app/event-store';
import { ArchiveProjector } from '../projectors/archive.projector';
import { readCheckpoints } from '../runner/checkpoints';
import { Sql } from '../sql/sql';
import { feed, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { CancelledObligationReason1764050000000 } from './1764050000000-cancelled-obligation-reason';

const USCC = '11370100MB2850123X';
const on = (recordId: string, type: string, data: object) => ({ streamId: `record-${recordId}`, type, data: { recordId, ...data } });
const required = (recordId: string) =>
  on(recordId, 'AccountabilityRequired', { obligationId: 'obligation-1', personId: 'p-chen', name: '陈某', role: 'LEADER_AT_DEADLINE', requiredOn: '2026-04-11' });

/** Record a: its obligation cancelled (LEADER_CORRECTED). Record b: its obligation still open. */
const events: StoredEvent[] = storedEvents([
  { streamId: `institution-${USCC}`, type: 'InstitutionRegistered', data: { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } },
  on('a', 'DishonestyRecorded', seriousInstitutionRecorded('a', USCC)),
  on('b', 'DishonestyRecorded', seriousInstitutionRecorded('b', USCC)),
  on('a', 'InstitutionListed', listedOn20260411('a', USCC)),
  required('a'),
  on('b', 'InstitutionListed', listedOn20260411('b', USCC)),
  required('b'),
  on('a', 'AccountabilityObligationCancelled', { obligationId: 'obligation-1', cancelledOn: '2026-05-02', reason: 'LEADER_CORRECTED' }),
]);

const obligationsOf = async (sql: Sql, recordId: string) => {
  const [row] = await sql.rows<{ state: string }>(`SELECT state FROM archive_documents WHERE stream_id = ?`, [`record-${recordId}`]);
  return (JSON.parse(row.state) as { obligations: unknown[] }).obligations;
};

describe('migration: cancelled obligations in the archive say why', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('cancelled-obligation-reason')));
  afterEach(async () => store.close());

  it('the archive keeps the reason; documents folded without it are folded again', async () => {
    await feed(store.dataSource, [new ArchiveProjector()], events, 3);
    const sql = Sql.of(store.dataSource);
    expect(await obligationsOf(sql, 'a')).toEqual([expect.objectContaining({ status: 'CANCELLED', closedOn: '2026-05-02', cancelReason: 'LEADER_CORRECTED' })]);
    const expected = await tableRows(store.dataSource, 'archive_documents');

    // What the old fold had stored: the cancelled obligation without its reason.
    const [row] = await sql.rows<{ state: string }>(`SELECT state FROM archive_documents WHERE stream_id = 'record-a'`);
    await sql.run(`UPDATE archive_documents SET state = ? WHERE stream_id = 'record-a'`, [row.state.replace(',"cancelReason":"LEADER_CORRECTED"', '')]);
    expect(await obligationsOf(sql, 'a')).toEqual([expect.not.objectContaining({ cancelReason: expect.anything() })]);

    await runMigration(store.dataSource, new CancelledObligationReason1764050000000());
    expect((await readCheckpoints(store.dataSource)).get('archive')).toBe(0);
    expect((await tableRows(store.dataSource, 'archive_documents')).map((doc) => doc.stream_id)).toEqual(['record-b']);
    await feed(store.dataSource, [new ArchiveProjector()], events, 3);
    expect(await tableRows(store.dataSource, 'archive_documents')).toEqual(expected);
  });

  it('leaves an archive without such a document alone (no replay)', async () => {
    await feed(store.dataSource, [new ArchiveProjector()], events);
    const before = await tableRows(store.dataSource, 'archive_documents');
    await runMigration(store.dataSource, new CancelledObligationReason1764050000000());
    expect((await readCheckpoints(store.dataSource)).get('archive')).toBe(events.length);
    expect(await tableRows(store.dataSource, 'archive_documents')).toEqual(before);
  });
});
