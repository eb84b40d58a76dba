import type { StoredEvent } from '@app/event-store';
import { DataSource } from 'typeorm';
import { DishonestListProjector } from '../projectors/dishonest-list.projector';
import { PublicRecordsProjector } from '../projectors/public-records.projector';
import { Sql } from '../sql/sql';
import { feed, listedOn20260411, openTestReadStore, runMigration, seriousInstitutionRecorded, storedEvents, tableRows, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { RevokedRecordObjectionFlag1763970000000 } from './1763970000000-revoked-record-objection-flag';

const USCC = '11370100MB2850123X';
const RECORD = 'r-revoked';
const on = (type: string, data: object) => ({ streamId: `record-${RECORD}`, type, data: { recordId: RECORD, ...data } });

/** A listed record with two objections; the first revokes it, the second stays undecided. */
const events: StoredEvent[] = storedEvents([
  on('DishonestyRecorded', seriousInstitutionRecorded(RECORD, USCC)),
  on('InstitutionListed', listedOn20260411(RECORD, USCC)),
  on('ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-04-20', grounds: '认定主体错误' }),
  on('ObjectionFiled', { objectionId: 'obj-2', filedOn: '2026-04-21', grounds: '认定日期有误' }),
  on('ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-04-25', outcome: 'RECORD_REVOKED', reason: '主体错误' }),
  on('RecordRevoked', { objectionId: 'obj-1', revokedOn: '2026-04-25', reason: '主体错误' }),
  on('InstitutionDelisted', { uscc: USCC, delistedOn: '2026-04-25', reason: 'RECORD_REVOKED' }),
  on('PublicationEnded', { endedOn: '2026-04-25', reason: 'RECORD_REVOKED' }),
]);

const TABLES = ['public_records', 'public_record_states', 'dishonest_list', 'dishonest_list_records'];
const snapshot = (dataSource: DataSource) => tablesRows(dataSource, TABLES);

describe('migration: the objection flag of records revoked before', () => {
  let store: TestReadStore;
  const projectors = () => [new PublicRecordsProjector(), new DishonestListProjector()];
  const migrate = () => runMigration(store.dataSource, new RevokedRecordObjectionFlag1763970000000());

  beforeEach(async () => {
    store = await openTestReadStore('revoked-objection-flag-migration');
  });
  afterEach(async () => {
    await store.close();
  });

  it('works such records out again, which then equal a read model built by the new code', async () => {
    await feed(store.dataSource, projectors(), events);
    const expected = await snapshot(store.dataSource);
    const sql = Sql.of(store.dataSource);
    // What the old code had stored: the flag kept by obj-2, and no list version at RecordRevoked (position 6).
    await sql.run(`UPDATE public_records SET under_objection = 1`);
    await sql.run(`DELETE FROM dishonest_list WHERE sys_from = 6`);
    await sql.run(`UPDATE dishonest_list SET sys_to = 7 WHERE sys_from = 3`);
    await sql.run(`UPDATE dishonest_list SET under_objection = 1 WHERE sys_from = 7`);
    await sql.run(`UPDATE dishonest_list_records SET open_objections = 1`);
    expect(await snapshot(store.dataSource)).not.toEqual(expected);

    await migrate();
    await feed(store.dataSource, projectors(), events);
    expect(await snapshot(store.dataSource)).toEqual(expected);
  });

  it('also for a record revoked after a repair had ended its listing (no RECORD_REVOKED delisting on the list)', async () => {
    const [recorded, listed] = events;
    const afterRepair = storedEvents([
      { streamId: recorded.streamId, type: recorded.type, data: recorded.data },
      { streamId: listed.streamId, type: listed.type, data: listed.data },
      on('InstitutionDelisted', { uscc: USCC, delistedOn: '2026-10-20', reason: 'REPAIRED' }),
      on('ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-11-01', grounds: '认定主体错误' }),
      on('ObjectionFiled', { objectionId: 'obj-2', filedOn: '2026-11-02', grounds: '认定日期有误' }),
      on('ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-11-05', outcome: 'RECORD_REVOKED', reason: '主体错误' }),
      on('RecordRevoked', { objectionId: 'obj-1', revokedOn: '2026-11-05', reason: '主体错误' }),
    ]);
    await feed(store.dataSource, projectors(), afterRepair);
    const expected = await snapshot(store.dataSource);
    const sql = Sql.of(store.dataSource);
    // What the old code had stored: nothing at RecordRevoked (position 7), the flag kept by obj-2.
    await sql.run(`DELETE FROM dishonest_list WHERE sys_from = 7`);
    await sql.run(`UPDATE dishonest_list SET sys_to = ? WHERE sys_from = 4`, [Number.MAX_SAFE_INTEGER]);
    await sql.run(`UPDATE dishonest_list_records SET open_objections = 1`);
    await sql.run(`UPDATE public_records SET under_objection = 1`);
    expect(await snapshot(store.dataSource)).not.toEqual(expected);

    await migrate();
    await feed(store.dataSource, projectors(), afterRepair);
    expect(await snapshot(store.dataSource)).toEqual(expected);
  });

  it('leaves a read store without such a record as it is', async () => {
    const notRevoked = events.slice(0, 4);
    await feed(store.dataSource, projectors(), notRevoked);
    const before = await snapshot(store.dataSource);
    const checkpoints = await tableRows(store.dataSource, 'projection_checkpoints');
    await migrate();
    expect(await snapshot(store.dataSource)).toEqual(before);
    expect(await tableRows(store.dataSource, 'projection_checkpoints')).toEqual(checkpoints);
  });
});
