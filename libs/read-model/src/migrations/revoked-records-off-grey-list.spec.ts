import type { StoredEvent } from '@app/event-store';
import { GreyListProjector } from '../projectors/grey-list.projector';
import { OPEN_POSITION } from '../projectors/support/versioned-rows';
import { queryGreyList } from '../queries/lists.query';
import { readCheckpoints } from '../runner/checkpoints';
import { Sql } from '../sql/sql';
import { feed, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { RevokedRecordsOffGreyList1764010000000 } from './1764010000000-revoked-records-off-grey-list';

const USCC = '11370100MB2850123X';
const RECORD = 'r-wrong';
const on = (type: string, data: object) => ({ streamId: `record-${RECORD}`, type, data: { recordId: RECORD, ...data } });

/** A SERIOUS record (found 2026-03-20, never listed) that an objection found wrong from the start on 2026-04-25. */
const events: StoredEvent[] = storedEvents([
  { streamId: `institution-${USCC}`, type: 'InstitutionRegistered', data: { uscc: USCC, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } },
  on('DishonestyRecorded', seriousInstitutionRecorded(RECORD, USCC)),
  on('ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-04-20', grounds: '认定主体错误' }),
  on('ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-04-25', outcome: 'RECORD_REVOKED', reason: '经核实' }),
  on('RecordRevoked', { objectionId: 'obj-1', revokedOn: '2026-04-25', reason: '经核实' }),
  on('PublicationEnded', { endedOn: '2026-04-25', reason: 'RECORD_REVOKED' }),
]);

const TABLES = ['grey_list', 'grey_list_sources'];

describe('migration: records revoked as wrong are off the grey list on every date', () => {
  let store: TestReadStore;
  const page = { limit: 10, offset: 0 };
  beforeEach(async () => (store = await openTestReadStore('revoked-records-grey')));
  afterEach(async () => store.close());

  it('replays the grey list, which then answers no day for the revoked record and the old days through knownAt', async () => {
    await feed(store.dataSource, [new GreyListProjector()], events);
    const expected = await tablesRows(store.dataSource, TABLES);
    const sql = Sql.of(store.dataSource);
    expect((await queryGreyList(sql, { on: '2026-04-01' }, page)).total).toBe(0);
    // Known before the decision (position 4 revokes it): on the grey list then.
    expect((await queryGreyList(sql, { on: '2026-04-01', position: 3 }, page)).items).toEqual([
      expect.objectContaining({ uscc: USCC, reasons: [expect.objectContaining({ reason: 'SERIOUS_RECORD_NOT_LISTED' })] }),
    ]);

    // What the old code had stored: the record on the grey list until its revocation, still current.
    await sql.run(`UPDATE grey_list SET sys_to = ?, valid_to = '2026-04-24'`, [OPEN_POSITION]);
    expect((await queryGreyList(sql, { on: '2026-04-01' }, page)).total).toBe(1);

    await runMigration(store.dataSource, new RevokedRecordsOffGreyList1764010000000());
    expect((await readCheckpoints(store.dataSource)).get('grey-list')).toBe(0);
    await feed(store.dataSource, [new GreyListProjector()], events);
    expect(await tablesRows(store.dataSource, TABLES)).toEqual(expected);
    expect((await queryGreyList(sql, { on: '2026-04-01' }, page)).total).toBe(0);
  });

  it('leaves a grey list without a revoked record alone (no replay)', async () => {
    const unrevoked = events.slice(0, 3);
    await feed(store.dataSource, [new GreyListProjector()], unrevoked);
    const before = await tablesRows(store.dataSource, TABLES);
    await runMigration(store.dataSource, new RevokedRecordsOffGreyList1764010000000());
    expect((await readCheckpoints(store.dataSource)).get('grey-list')).toBe(3);
    expect(await tablesRows(store.dataSource, TABLES)).toEqual(before);
  });
});
