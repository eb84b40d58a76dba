import { READ_STORE } from '@app/application';
import { DataSource } from 'typeorm';
import { CommandDriver, uscc } from './support/command-driver';
import { eventually } from './support/polling';
import { sagasCaughtUp } from './support/sagas';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853402');

/**
 * 限制评优评先: an official whose GENERAL or SERIOUS record is in publication is restricted in award
 * evaluations (a credit check answers RESTRICTED), so the red list refuses to hold the official up
 * as an example — through HTTP, with nothing appended — until a mitigation exempts the record.
 */
describe('red list: an official restricted by a record in publication', () => {
  let ledger: TestLedger;
  afterEach(async () => ledger.stop());

  it('is 422 SUBJECT_RESTRICTED and appends nothing; after an exempting mitigation the designation is accepted', async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    const api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区财政局', '370102');
    await api.ok('/v1/officials', 'registrar', { personId: 'p-qian', name: '钱某', institutionUscc: U, post: '科长' }, 201);
    const recordId = await api.record(U, '2026-05-10', {
      subject: { kind: 'OFFICIAL', id: 'p-qian', institutionUscc: U },
      category: 'NEW_OFFICIAL_IGNORES_OLD_DEBTS',
      severity: 'GENERAL',
    });
    const check = await api.ok<{ outcome: string }>('/v1/checks', 'approver', { subject: { kind: 'OFFICIAL', id: 'p-qian' }, matter: 'AWARD_EVALUATION', on: '2026-06-01', caseRef: '评优-1' }, 201);
    expect(check.outcome).toBe('RESTRICTED');

    const designation = { exemplarId: 'ex-qian', subject: { kind: 'OFFICIAL', id: 'p-qian' }, title: '诚信之星', basis: '济高信用办〔2020〕2号', designatedOn: '2026-06-01' };
    const refused = await expectRefused(ledger, () => api.post('/v1/exemplars', 'credit-office', designation), 422, 'SUBJECT_RESTRICTED');
    expect(refused.body).toMatchObject({ recordId, on: '2026-06-01' });

    await api.ok(`/v1/records/${recordId}/mitigation`, 'discipline', { decidedOn: '2026-06-01', effect: 'EXEMPTED', basis: '主动挽回损失、消除不良影响' }, 200);
    expect(await api.ok('/v1/exemplars', 'credit-office', designation, 201)).toMatchObject({ exemplarId: 'ex-qian' });
  });
});

/**
 * The other order: the title first, then a record whose finding falls in the title's period. The
 * restriction saga revokes the title from the finding day (as the designation would have been
 * refused), and a correction that leaves the record restricting on no day of the title gives the
 * title back, with the voiding in the red list and the archive; a replay appends nothing twice.
 */
describe('red list: a record entered after an official\'s title', () => {
  let ledger: TestLedger;
  afterEach(async () => ledger.stop());

  it('revokes the title from the finding day; corrected to MINOR by an objection, the revocation is voided', async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    let api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区财政局', '370102');
    await api.ok('/v1/officials', 'registrar', { personId: 'p-qian', name: '钱某', institutionUscc: U, post: '科长' }, 201);
    await api.ok('/v1/exemplars', 'credit-office', { exemplarId: 'ex-qian', subject: { kind: 'OFFICIAL', id: 'p-qian' }, title: '诚信之星', basis: '评定', designatedOn: '2026-03-01' }, 201);
    const recordId = await api.record(U, '2026-05-10', {
      subject: { kind: 'OFFICIAL', id: 'p-qian', institutionUscc: U },
      category: 'NEW_OFFICIAL_IGNORES_OLD_DEBTS',
      severity: 'GENERAL',
    });
    const [recorded] = await ledger.store.readStream(`record-${recordId}`);
    const revoked = await eventually(
      () => ledger.store.readStream('exemplar-ex-qian'),
      (events) => events.length > 1,
    );
    expect(revoked.map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked']);
    expect(revoked[1].data).toEqual({ exemplarId: 'ex-qian', on: '2026-05-10', reason: 'JOINT_PUNISHMENT', causedByRecordId: recordId });
    expect(revoked[1].metadata).toMatchObject({ actor: { sub: 'saga:official-restriction-revokes-exemplars', role: 'system' } });
    // Caused by the record, or by the designation when the saga met both in one batch (it reads the official's streams as they stand).
    expect([recorded.id, revoked[0].id]).toContain(revoked[1].metadata.causationId);
    await sagasCaughtUp(ledger);

    const redList = async (query: string) => {
      const response = await api.get(`/v1/lists/exemplars?${query}&consistentWith=${await ledger.store.headPosition()}`, 'supervisor');
      expect([response.status, response.body.errors]).toEqual([200, undefined]);
      return response.body.items as Array<Record<string, unknown>>;
    };
    // The red list and the credit check agree: on the list the day before the finding, not from it on.
    expect((await redList('on=2026-05-09')).map((i) => i.exemplarId)).toEqual(['ex-qian']);
    expect(await redList('on=2026-05-10')).toEqual([]);
    const check = await api.ok<{ outcome: string }>('/v1/checks', 'approver', { subject: { kind: 'OFFICIAL', id: 'p-qian' }, matter: 'AWARD_EVALUATION', on: '2026-05-10', caseRef: '评优-2' }, 201);
    expect(check.outcome).toBe('RESTRICTED');
    // Every saga replayed from the start while the revocation is in force: nothing revoked twice.
    await ledger.app.get<DataSource>(READ_STORE).query('DELETE FROM process_checkpoints');
    ledger = await ledger.restart('2026-06-01');
    api = new CommandDriver(ledger);
    await sagasCaughtUp(ledger);
    expect(await ledger.store.readStream('exemplar-ex-qian')).toHaveLength(2);
    const beforeCorrection = '2026-06-01T02:30:00Z';
    ledger.clock.set('2026-06-01T12:00:00+08:00');

    await api.ok(`/v1/records/${recordId}/objections`, 'credit-office', { objectionId: 'obj-q', filedOn: '2026-05-20', grounds: '情节轻微' }, 201);
    await api.ok(`/v1/records/${recordId}/objections/obj-q/decision`, 'credit-office', { decidedOn: '2026-06-01', outcome: 'CORRECTED', reason: '情节轻微', corrections: { severity: 'MINOR' } }, 200);
    const voided = await eventually(
      () => ledger.store.readStream('exemplar-ex-qian'),
      (events) => events.length > 2,
    );
    expect(voided[2]).toMatchObject({
      type: 'ExemplarRevocationVoided',
      data: { exemplarId: 'ex-qian', recordId, voidedOn: '2026-06-01', reason: 'RECORD_CORRECTED', objectionId: 'obj-q' },
    });
    await sagasCaughtUp(ledger);

    // Never in force: on the list on the finding day, with the voiding; as known before, not.
    const [item] = await redList('on=2026-05-10');
    // The red list (every role) does not name the official's record; the archive does.
    expect(item).toMatchObject({ exemplarId: 'ex-qian' });
    expect(item.revocationVoided).toEqual({ revokedOn: '2026-05-10', revokeReason: 'JOINT_PUNISHMENT', voidedOn: '2026-06-01', reason: 'RECORD_CORRECTED' });
    expect(item.revokedOn).toBeUndefined();
    expect(await redList(`on=2026-05-10&knownAt=${beforeCorrection}`)).toEqual([]);
    const archive = (await api.get('/v1/officials/p-qian/archive', 'auditor').expect(200)).body;
    const title = archive.exemplars.find((e: { exemplarId: string }) => e.exemplarId === 'ex-qian');
    expect(title).toMatchObject({ active: true, voidedRevocations: [{ revokedOn: '2026-05-10', recordId, voidReason: 'RECORD_CORRECTED', objectionId: 'obj-q' }] });
    expect(title.revoked).toBeUndefined();

    // Every saga replayed from the start: nothing revoked or voided twice.
    await ledger.app.get<DataSource>(READ_STORE).query('DELETE FROM process_checkpoints');
    ledger = await ledger.restart('2026-06-01');
    await sagasCaughtUp(ledger);
    expect(await ledger.store.readStream('exemplar-ex-qian')).toHaveLength(3);
  });
});

/**
 * A title revoked by hand from a later day than the record's finding: the restriction takes it
 * from the finding day (as the red list would say had the record come first, when the revocation
 * by hand is refused), and the record found wrong brings the revocation by hand back.
 */
describe('red list: a revocation by hand and an official\'s restriction', () => {
  let ledger: TestLedger;
  afterEach(async () => ledger.stop());

  it('is superseded from the finding day, or kept aside when entered after it, and in force once the record is revoked; one adding nothing is 422 with nothing appended', async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    const api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区财政局', '370102');
    await api.ok('/v1/officials', 'registrar', { personId: 'p-sun', name: '孙某', institutionUscc: U, post: '科长' }, 201);
    const designate = (exemplarId: string) => api.ok('/v1/exemplars', 'credit-office', { exemplarId, subject: { kind: 'OFFICIAL', id: 'p-sun' }, title: '诚信之星', basis: '评定', designatedOn: '2026-03-01' }, 201);
    await designate('ex-sun');
    await designate('ex-sun-2');
    await api.ok('/v1/exemplars/ex-sun/revocation', 'credit-office', { on: '2026-05-20', reason: '本人申请撤销' }, 200);
    const recordId = await api.record(U, '2026-05-10', { subject: { kind: 'OFFICIAL', id: 'p-sun', institutionUscc: U }, category: 'NEW_OFFICIAL_IGNORES_OLD_DEBTS', severity: 'GENERAL' });
    for (const exemplarId of ['ex-sun', 'ex-sun-2']) {
      await eventually(
        () => ledger.store.readStream(`exemplar-${exemplarId}`),
        (events) => events.some((e) => e.data.reason === 'JOINT_PUNISHMENT'),
      );
    }
    await sagasCaughtUp(ledger);
    const redList = async (on: string) => {
      const response = await api.get(`/v1/lists/exemplars?on=${on}&consistentWith=${await ledger.store.headPosition()}`, 'supervisor');
      expect(response.status).toBe(200);
      return response.body.items as Array<Record<string, unknown>>;
    };
    expect((await redList('2026-05-09')).map((i) => i.exemplarId).sort()).toEqual(['ex-sun', 'ex-sun-2']);
    expect(await redList('2026-05-10')).toEqual([]);

    // By hand from a later day than the restriction: kept aside (it stands if the restriction's is voided);
    // a later one still adds nothing (422, nothing appended).
    await api.ok('/v1/exemplars/ex-sun-2/revocation', 'credit-office', { on: '2026-05-25', reason: '本人申请撤销' }, 200);
    await expectRefused(ledger, () => api.post('/v1/exemplars/ex-sun-2/revocation', 'credit-office', { on: '2026-05-28', reason: '本人申请撤销' }), 422, 'EXEMPLAR_NOT_ACTIVE');
    expect(await redList('2026-05-10')).toEqual([]);

    // The record found wrong: the restriction's revocation of ex-sun is voided, the one by hand is in force again.
    ledger.clock.set('2026-06-01T12:00:00+08:00');
    await api.ok(`/v1/records/${recordId}/objections`, 'credit-office', { objectionId: 'obj-s', filedOn: '2026-05-25', grounds: '认定错误' }, 201);
    await api.ok(`/v1/records/${recordId}/objections/obj-s/decision`, 'credit-office', { decidedOn: '2026-06-01', outcome: 'RECORD_REVOKED', reason: '认定错误' }, 200);
    await eventually(
      () => ledger.store.readStream('exemplar-ex-sun'),
      (events) => events.some((e) => e.type === 'ExemplarRevocationVoided'),
    );
    await sagasCaughtUp(ledger);
    expect((await ledger.store.readStream('exemplar-ex-sun')).map((e) => [e.type, e.data.on ?? e.data.reason])).toEqual([
      ['ExemplarDesignated', undefined],
      ['ExemplarRevoked', '2026-05-20'],
      ['ExemplarRevoked', '2026-05-10'],
      ['ExemplarRevocationVoided', 'RECORD_REVOKED'],
    ]);
    const on19 = await redList('2026-05-19');
    expect(on19.map((i) => i.exemplarId).sort()).toEqual(['ex-sun', 'ex-sun-2']);
    expect(on19.find((i) => i.exemplarId === 'ex-sun')).toMatchObject({ revokedOn: '2026-05-20', revokeReason: '本人申请撤销', revocationVoided: { revokedOn: '2026-05-10', reason: 'RECORD_REVOKED' } });
    expect(on19.find((i) => i.exemplarId === 'ex-sun-2')).toMatchObject({ revokedOn: '2026-05-25', revokeReason: '本人申请撤销' });
    expect((await redList('2026-05-24')).map((i) => i.exemplarId)).toEqual(['ex-sun-2']);
    expect(await redList('2026-05-25')).toEqual([]);
    // The archive agrees, and names the revocation by hand as what ended the title.
    const archive = (await api.get('/v1/officials/p-sun/archive', 'auditor').expect(200)).body;
    const title = archive.exemplars.find((e: { exemplarId: string }) => e.exemplarId === 'ex-sun');
    const byHand = (await ledger.store.readStream('exemplar-ex-sun'))[1];
    expect(title).toMatchObject({ active: false, revoked: { on: '2026-05-20', reason: '本人申请撤销' }, provenance: { endedBy: byHand.position } });
    // ex-sun-2: entered after the restriction's revocation, the one by hand stands the same way.
    expect((await ledger.store.readStream('exemplar-ex-sun-2')).map((e) => [e.type, e.data.on ?? e.data.reason])).toEqual([
      ['ExemplarDesignated', undefined],
      ['ExemplarRevoked', '2026-05-10'],
      ['ExemplarRevoked', '2026-05-25'],
      ['ExemplarRevocationVoided', 'RECORD_REVOKED'],
    ]);
    const title2 = archive.exemplars.find((e: { exemplarId: string }) => e.exemplarId === 'ex-sun-2');
    expect(title2).toMatchObject({ revoked: { on: '2026-05-25' }, provenance: { endedBy: (await ledger.store.readStream('exemplar-ex-sun-2'))[2].position } });
  });
});
