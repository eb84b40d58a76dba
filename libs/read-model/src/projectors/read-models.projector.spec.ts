import { decideExemplar, decideRecord, evolveExemplar, evolveRecord, ExemplarEvent, initialExemplarState, initialRecordState, RecordEvent, RecordState } from '@app/domain';
import { commitmentMade, context, institutionEvents, listedHistory, RECORD_ID, USCC } from '@app/domain/testing/record-fixtures';
import { queryAwardBans, queryDishonestList, queryExemplars, queryGreyList, queryPublicRecords, queryQueue, queryStats } from '../queries/lists.query';
import { documentsAbout } from '../queries/archive.query';
import { Sql } from '../sql/sql';
import { EventSpec, feed, openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { readSideProjectors } from './read-side.projectors';
import { OPEN_POSITION } from './support/versioned-rows';
import { readCheckpoints } from '../runner/checkpoints';

const RECORD_STREAM = `record-${RECORD_ID}`;

/** The listed record, an objection against it, and the revocation the domain decides for it. */
function scenario(): EventSpec[] {
  const specs: EventSpec[] = [];
  const add = (streamId: string, events: Array<{ type: string; data: object }>, recordedAt: string) =>
    events.forEach((e) => specs.push({ streamId, type: e.type, data: e.data, recordedAt }));
  add(`institution-${USCC}`, institutionEvents, '2025-01-01T01:00:00.000Z');
  add('commitment-c-1', [commitmentMade], '2025-01-01T02:00:00.000Z');
  add(RECORD_STREAM, listedHistory.slice(0, 2), '2025-01-15T02:00:00.000Z');
  add(RECORD_STREAM, listedHistory.slice(2), '2025-04-01T02:00:00.000Z');
  // A red-list title the listing takes away (联合惩戒), given back when the record is revoked as wrong.
  let exemplar = initialExemplarState();
  const decideTitle = (command: Parameters<typeof decideExemplar>[0], records: RecordState[] = [], revocationCause?: string): ExemplarEvent[] => {
    const events = decideExemplar(command, exemplar, { subjectKnown: true, records, ...(revocationCause && { revocationCause }) });
    exemplar = events.reduce(evolveExemplar, exemplar);
    return events;
  };
  const title = { exemplarId: 'ex-1', subject: { kind: 'INSTITUTION' as const, id: USCC }, title: '诚信建设示范单位', basis: '评定', designatedOn: '2024-12-01' };
  specs.splice(2, 0, ...decideTitle({ type: 'DesignateExemplar', today: '2024-12-01', data: title }).map((e) => ({ streamId: 'exemplar-ex-1', ...e, recordedAt: '2024-12-01T02:00:00.000Z' })));
  add('exemplar-ex-1', decideTitle({ type: 'RevokeExemplar', today: '2025-04-01', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID } }), '2025-04-01T03:00:00.000Z');
  let state: RecordState = listedHistory.reduce(evolveRecord, initialRecordState());
  const decide = (command: Parameters<typeof decideRecord>[0]): RecordEvent[] => {
    const events = decideRecord(command, state, context);
    state = events.reduce(evolveRecord, state);
    return events;
  };
  add(RECORD_STREAM, decide({ type: 'FileObjection', today: '2025-05-06', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-05-06', grounds: '付款已于期限内完成' } }), '2025-05-06T02:00:00.000Z');
  add(
    RECORD_STREAM,
    decide({ type: 'DecideObjection', today: '2025-05-08', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-05-08', outcome: 'RECORD_REVOKED', reason: '认定错误' } }),
    '2025-05-08T02:00:00.000Z',
  );
  add('exemplar-ex-1', decideTitle({ type: 'VoidJointPunishment', today: '2025-05-08', data: { exemplarId: 'ex-1', recordId: RECORD_ID } }, [state], RECORD_ID), '2025-05-08T03:00:00.000Z');
  return specs;
}

/** Every table the read side's projectors write: the whole read side, not a hand-kept list. */
const TABLES = readSideProjectors().flatMap((p) => p.tables ?? []);

describe('read-model projectors: feed events, query rows', () => {
  let store: TestReadStore;
  let sql: Sql;
  const events = storedEvents(scenario());
  const revokedAt = events.find((e) => e.type === 'RecordRevoked')!.position;
  const page = { limit: 50, offset: 0 };

  beforeAll(async () => {
    store = await openTestReadStore('read-models');
    sql = Sql.of(store.dataSource);
    await feed(store.dataSource, readSideProjectors(), events, 3);
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps the listing in valid time and system time: what the list said before the revocation stays visible', async () => {
    const before = await queryDishonestList(sql, { on: '2025-05-01', position: revokedAt - 1 }, page);
    expect(before.items).toEqual([expect.objectContaining({ record_id: RECORD_ID, uscc: USCC, name: '济南高新区管委会', listed_on: '2025-04-01', publication_last_day: '2028-04-01' })]);
    const stillListedThenForToday = await queryDishonestList(sql, { on: '2026-01-01', position: revokedAt - 1 }, page);
    expect(stillListedThenForToday.total).toBe(1);
    // Now known: the record was revoked on 2025-05-08 as wrong from the start, so its listing was
    // never in force (as its voided ban): listed on no date, neither 2025-05-01 nor 2026-01-01.
    expect((await queryDishonestList(sql, { on: '2025-05-01' }, page)).total).toBe(0);
    expect((await queryDishonestList(sql, { on: '2026-01-01' }, page)).total).toBe(0);
    const then = { on: '2025-05-01', position: revokedAt - 1 };
    expect((await queryDishonestList(sql, { ...then, domain: 'GOVERNMENT_PROCUREMENT', region: '370100' }, page)).total).toBe(1);
    expect((await queryDishonestList(sql, { ...then, domain: 'PPP' }, page)).total).toBe(0);
  });

  it('shows a voided ban as never active, and the ban as it was before the voiding through system time', async () => {
    const now = await queryAwardBans(sql, {}, page);
    expect(now.items).toEqual([expect.objectContaining({ ban_id: `ban-${RECORD_ID}`, voided_on: '2025-05-08', void_reason: 'RECORD_REVOKED', active_from: null })]);
    expect((await queryAwardBans(sql, { activeOn: '2025-04-15' }, page)).total).toBe(0);
    const then = await queryAwardBans(sql, { activeOn: '2025-04-15', position: revokedAt - 1 }, page);
    expect(then.items).toEqual([expect.objectContaining({ starts_on: '2025-04-01', last_day: '2028-04-01', active_from: '2025-04-01', active_to: '2028-04-01' })]);
  });

  it('shows a title whose revocation for 联合惩戒 was voided as never revoked, and the revocation through system time', async () => {
    const voidedAt = events.find((e) => e.type === 'ExemplarRevocationVoided')!.position;
    expect(events.find((e) => e.type === 'ExemplarRevocationVoided')!.data).toMatchObject({ recordId: RECORD_ID, voidedOn: '2025-05-08', reason: 'RECORD_REVOKED' });
    const now = await queryExemplars(sql, { on: '2025-04-15' }, page);
    expect(now.items).toEqual([
      expect.objectContaining({
        exemplar_id: 'ex-1',
        revoked_on: null,
        revoke_reason: null,
        active_from: '2024-12-01',
        active_to: '9999-12-31',
        voided_revoked_on: '2025-04-01',
        voided_revoke_reason: 'JOINT_PUNISHMENT',
        voided_caused_by_record_id: RECORD_ID,
        revocation_voided_on: '2025-05-08',
        revocation_void_reason: 'RECORD_REVOKED',
      }),
    ]);
    const then = await queryExemplars(sql, { on: '2025-03-31', position: voidedAt - 1 }, page);
    expect(then.items).toEqual([
      expect.objectContaining({ exemplar_id: 'ex-1', revoked_on: '2025-04-01', revoke_reason: 'JOINT_PUNISHMENT', caused_by_record_id: RECORD_ID, active_to: '2025-03-31', revocation_voided_on: null }),
    ]);
    expect((await queryExemplars(sql, { on: '2025-04-15', position: voidedAt - 1 }, page)).total).toBe(0);
  });

  it('puts the institution on the grey list while the order is open, for the reason the domain gives; a record revoked as wrong on no date', async () => {
    // Known before the revocation: the order was open on 2025-02-01.
    const grey = await queryGreyList(sql, { on: '2025-02-01', position: revokedAt - 1 }, page);
    expect(grey.items).toEqual([
      expect.objectContaining({
        uscc: USCC,
        reasons: expect.arrayContaining([expect.objectContaining({ reason: 'OPEN_RECTIFICATION_ORDER', source_id: RECORD_STREAM })]),
      }),
    ]);
    // Now known: the record (and so its order) was wrong from the start; only the commitment is left.
    const now = await queryGreyList(sql, { on: '2025-02-01' }, page);
    expect(now.items[0].reasons.map((r) => [r.reason, r.source_id])).toEqual([['OVERDUE_COMMITMENT', 'commitment-c-1']]);
    // The overdue commitment (due 2024-06-05, never fulfilled) keeps it there after the revocation.
    const later = await queryGreyList(sql, { on: '2025-06-01' }, page);
    expect(later.items[0].reasons.map((r) => r.reason)).toEqual(['OVERDUE_COMMITMENT']);
  });

  it('empties the queues of a revoked record and cancels its obligation', async () => {
    expect((await queryQueue(sql, 'objections', '2025-06-01', page)).total).toBe(0);
    expect((await queryQueue(sql, 'rectifications', '2025-06-01', page)).total).toBe(0);
    expect((await queryQueue(sql, 'accountability', '2025-06-01', page)).total).toBe(0);
  });

  it('counts what was wrong from the start as nothing', async () => {
    expect(await queryStats(sql, 'region', '2025-01-01', '2025-12-31')).toEqual([]);
  });

  it('ends the public disclosure on the revocation day', async () => {
    expect((await queryPublicRecords(sql, { on: '2025-05-07', publishOfficials: false }, page)).items).toEqual([
      // The listing was revoked with the record (wrong from the start): the public never sees it, as on the public list.
      expect.objectContaining({ record_id: RECORD_ID, institution_name: '济南高新区管委会', under_objection: 0, listed_on: null, listing_last_day: null, delisted_on: null }),
    ]);
    expect((await queryPublicRecords(sql, { on: '2025-05-08', publishOfficials: false }, page)).total).toBe(0);
  });

  it('folds the record into the archive with the domain state and the events behind it', async () => {
    const [doc] = (await documentsAbout(sql, 'INSTITUTION', USCC)).filter((d) => d.category === 'record');
    expect(doc.state).toMatchObject({ recordId: RECORD_ID, status: 'REVOKED', ban: { voided: { on: '2025-05-08' } } });
    expect(doc.trail.map((t) => t.type)).toContain('AwardBanVoided');
    const versions = await tableRows(sql, 'dishonest_list');
    const at = (type: string) => events.find((e) => e.type === type)!.position;
    // Listed; flagged while the objection is undecided (异议标注); unflagged by the decision; delisted
    // by the revocation itself (the InstitutionDelisted after it changes nothing more).
    expect(versions.map((v) => [v.sys_from, v.sys_to, v.under_objection, v.delisted_on])).toEqual([
      [at('InstitutionListed'), at('ObjectionFiled'), 0, null],
      [at('ObjectionFiled'), at('ObjectionDecided'), 1, null],
      [at('ObjectionDecided'), at('RecordRevoked'), 0, null],
      [at('RecordRevoked'), OPEN_POSITION, 0, '2025-05-08'],
    ]);
    expect(at('InstitutionDelisted')).toBe(revokedAt + 1);
  });

  it('writes the same rows whatever the batch size, and nothing more when fed the same events again', async () => {
    expect(TABLES).toEqual(expect.arrayContaining(['exemplars', 'queue_records', 'check_queue', 'public_record_states', 'public_official_names']));
    expect(new Set(TABLES).size).toBe(TABLES.length);
    const once = await Promise.all(TABLES.map((t) => tableRows(sql, t)));
    // Without checkpoints every projector starts again at the first event: the events are really
    // applied a second time, not skipped as already done.
    await sql.run('DELETE FROM projection_checkpoints');
    await feed(store.dataSource, readSideProjectors(), events, 2);
    expect(await readCheckpoints(store.dataSource)).toEqual(new Map(readSideProjectors().map((p) => [p.name, events[events.length - 1].position])));
    expect(await Promise.all(TABLES.map((t) => tableRows(sql, t)))).toEqual(once);
    const other = await openTestReadStore('read-models-batch');
    try {
      await feed(other.dataSource, readSideProjectors(), events, 1000);
      expect(await Promise.all(TABLES.map((t) => tableRows(Sql.of(other.dataSource), t)))).toEqual(once);
    } finally {
      await other.close();
    }
  });
});
