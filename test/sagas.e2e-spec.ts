import { withUsccCheckCharacter } from '@app/domain';
import { READ_STORE } from '@app/application';
import { DataSource } from 'typeorm';
import { DomainWriter } from './support/domain-writer';
import { TestLedger } from './support/test-app';
import { eventually } from './support/polling';
import { sagasCaughtUp } from './support/sagas';

const USCC = withUsccCheckCharacter('11370100MB2850555');

describe('sagas on the store subscription', () => {
  let test: TestLedger;
  let writer: DomainWriter;

  beforeEach(async () => {
    test = await TestLedger.start({}, '2026-11-22');
    writer = new DomainWriter(test, USCC);
    await writer.institution();
  });
  afterEach(async () => {
    await test.stop();
  });

  it('opens a record for a breach written without one, once, linked by causation', async () => {
    await writer.commitment({
      type: 'MakeCommitment',
      today: '2026-11-22',
      data: {
        commitmentId: 'c-saga',
        institutionUscc: USCC,
        kind: 'DEADLINE',
        domain: 'ADMINISTRATIVE_SERVICES',
        title: '企业开办一日办结',
        content: '企业开办全流程一个工作日内办结',
        signedBy: 'p-chen',
        madeOn: '2026-01-05',
        dueOn: '2026-06-30',
        channels: ['PORTAL'],
      },
    });
    await writer.commitment({
      type: 'BreachCommitment',
      today: '2026-11-22',
      data: {
        commitmentId: 'c-saga',
        recordId: 'r-from-breach',
        on: '2026-07-15',
        description: '未按承诺办结',
        documentNo: '济信〔2026〕3号',
        authority: '市信用办',
      },
    });
    const [breach] = (await test.store.readStream('commitment-c-saga')).filter((e) => e.type === 'CommitmentBreached');

    const record = await eventually(
      () => test.store.readStream('record-r-from-breach'),
      (events) => events.length > 0,
    );
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({
      type: 'DishonestyRecorded',
      data: { category: 'COMMITMENT_UNFULFILLED', severity: 'GENERAL', commitmentId: 'c-saga', finding: { type: 'COMMITMENT_BREACH' } },
    });
    expect(record[0].metadata).toMatchObject({ causationId: breach.id, actor: { role: 'system' } });

    // Replayed from the start (checkpoints cleared), the saga meets the breach again and writes
    // nothing twice.
    await sagasCaughtUp(test);
    await test.app.get<DataSource>(READ_STORE).query('DELETE FROM process_checkpoints');
    test = await test.restart('2026-11-22');
    await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200);
    await sagasCaughtUp(test);
    expect(await test.store.readStream('record-r-from-breach')).toHaveLength(1);
  });

  it('a title appended after the listing saga ran (decided before the listing was written) is revoked live, once, without a restart', async () => {
    await writer.recordWithOrder('r-list', '2026-11-10');
    await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200);
    const [listing] = (await test.store.readStream('record-r-list')).filter((e) => e.type === 'InstitutionListed');
    expect(listing).toBeDefined();
    // The listing saga has handled the listing and found no title to revoke.
    await sagasCaughtUp(test);

    // Back-dated into the listing, as a designation decided just before the lapse was written lands.
    await writer.designateExemplar('ex-raced', '2026-11-15');
    const raced = await eventually(
      () => test.store.readStream('exemplar-ex-raced'),
      (events) => events.length > 1,
    );
    expect(raced.map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked']);
    expect(raced[1].data).toMatchObject({ reason: 'JOINT_PUNISHMENT', on: '2026-11-15', causedByRecordId: 'r-list' });
    expect(raced[1].metadata).toMatchObject({ causationId: listing.id, actor: { role: 'system' } });

    // Both sagas replayed from the start: nothing is revoked twice.
    await sagasCaughtUp(test);
    await test.app.get<DataSource>(READ_STORE).query('DELETE FROM process_checkpoints');
    test = await test.restart('2026-11-22');
    await sagasCaughtUp(test);
    expect(await test.store.readStream('exemplar-ex-raced')).toHaveLength(2);
  });

  it('a leader appointment entered late moves the open obligation to the leader on the deadline day; the queue, the trace and the decision agree', async () => {
    await writer.recordWithOrder('r-acc', '2026-11-10');
    await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200);
    const required = (await test.store.readStream('record-r-acc')).filter((e) => e.type === 'AccountabilityRequired');
    expect(required.map((e) => e.data.personId)).toEqual(['p-chen']);
    await sagasCaughtUp(test);

    // The registrar enters, late, that p-liu led the institution from 2026-11-01: before the deadline.
    await test.http
      .post(`/v1/institutions/${USCC}/leaders`)
      .set(test.auth('registrar'))
      .send({ personId: 'p-liu', name: '刘某', title: '局长', effectiveOn: '2026-11-01' })
      .expect(201);
    const record = await eventually(
      () => test.store.readStream('record-r-acc'),
      (events) => events.some((e) => e.type === 'AccountabilityObligationCancelled'),
    );
    const [appointment] = (await test.store.readStream(`institution-${USCC}`)).filter((e) => e.type === 'PrincipalLeaderAppointed' && e.data.personId === 'p-liu');
    expect(record.slice(-2).map((e) => [e.type, e.data.obligationId, e.data.personId ?? e.data.reason])).toEqual([
      ['AccountabilityObligationCancelled', 'obligation-1', 'LEADER_CORRECTED'],
      ['AccountabilityRequired', 'obligation-2', 'p-liu'],
    ]);
    expect(record[record.length - 1]).toMatchObject({ data: { requiredOn: '2026-11-11' }, metadata: { causationId: appointment.id } });
    await sagasCaughtUp(test);
    const position = String(await test.store.headPosition());

    const queue = await test.http.get(`/v1/queues/accountability?consistentWith=${position}`).set(test.auth('discipline')).expect(200);
    expect(queue.body.items).toEqual([expect.objectContaining({ recordId: 'r-acc', obligationId: 'obligation-2', personId: 'p-liu' })]);
    const trace = await test.http.get('/v1/records/r-acc/accountability-trace').set(test.auth('discipline')).expect(200);
    expect(trace.body.persons).toEqual(expect.arrayContaining([expect.objectContaining({ personId: 'p-liu', roles: expect.arrayContaining(['LEADER_AT_DEADLINE']) })]));
    // The trace's obligations agree with the leader it names, and say why the first one was cancelled.
    expect(trace.body.obligations.map((o: { obligationId: string; personId: string; status: string; cancelReason?: string }) => [o.obligationId, o.personId, o.status, o.cancelReason])).toEqual([
      ['obligation-1', 'p-chen', 'CANCELLED', 'LEADER_CORRECTED'],
      ['obligation-2', 'p-liu', 'OPEN', undefined],
    ]);
    const decided = await test.http
      .post('/v1/records/r-acc/accountability-decisions')
      .set(test.auth('discipline'))
      .send({ personId: 'p-liu', measure: 'ADMONISHMENT', decidedOn: '2026-11-22', documentNo: '纪〔2026〕8号', authority: '区纪委' })
      .expect(201);
    expect(decided.body.obligationId).toBe('obligation-2');

    // Replayed from the start, the saga writes nothing twice.
    const count = (await test.store.readStream('record-r-acc')).length;
    await test.app.get<DataSource>(READ_STORE).query('DELETE FROM process_checkpoints');
    test = await test.restart('2026-11-22');
    await sagasCaughtUp(test);
    expect(await test.store.readStream('record-r-acc')).toHaveLength(count);
  });

  it('revokes the red-list title of an institution when it is listed (联合惩戒)', async () => {
    await writer.designateExemplar('ex-1', '2026-03-01');
    await writer.recordWithOrder('r-list', '2026-11-10');
    await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200);
    const [listing] = (await test.store.readStream('record-r-list')).filter((e) => e.type === 'InstitutionListed');

    const exemplar = await eventually(
      () => test.store.readStream('exemplar-ex-1'),
      (events) => events.length > 1,
    );
    expect(exemplar.map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked']);
    expect(exemplar[1].data).toMatchObject({ reason: 'JOINT_PUNISHMENT', on: '2026-11-11' });
    expect(exemplar[1].metadata).toMatchObject({ causationId: listing.id, correlationId: listing.metadata.correlationId });

    // A back-dated title in force while the institution was listed goes too, though it was appended
    // after the listing (as one decided just before the lapse was written would be).
    await writer.designateExemplar('ex-raced', '2026-11-15');
    await eventually(
      () => test.store.readStream('exemplar-ex-raced'),
      (events) => events.length > 1,
    );
    await sagasCaughtUp(test);
    const redList = async (query: string) => {
      const response = await test.http.get(`/v1/lists/exemplars?${query}`).set(test.auth('supervisor'));
      expect([response.status, response.body.errors]).toEqual([200, undefined]);
      return response.body;
    };
    // Read once the red list has applied the whole log (the sagas' revocations are appended by now).
    expect((await redList(`on=2026-11-20&consistentWith=${await test.store.headPosition()}`)).items).toEqual([]);
    // Everything so far was recorded at 02:00Z; the decision and what follows it an hour later.
    const beforeDecision = '2026-11-22T02:30:00Z';
    test.clock.set('2026-11-22T11:00:00+08:00');

    // The listing is found wrong (delisted 2026-11-21, ban voided): it never was in force, so it
    // punishes no title — the revocations it caused are voided, as if the listing saga had never
    // reached the titles (it revokes none once the listing is revoked).
    await writer.record({
      type: 'FileObjection',
      today: '2026-11-22',
      data: { recordId: 'r-list', objectionId: 'obj-1', filedOn: '2026-11-20', grounds: '整改已按期完成' },
    });
    await writer.record({
      type: 'DecideObjection',
      today: '2026-11-22',
      data: { recordId: 'r-list', objectionId: 'obj-1', decidedOn: '2026-11-21', outcome: 'LISTING_REVOKED', reason: '整改按期完成，列入有误' },
    });
    const [decision] = (await test.store.readStream('record-r-list')).filter((e) => e.type === 'ObjectionDecided');
    for (const exemplarId of ['ex-1', 'ex-raced']) {
      const events = await eventually(
        () => test.store.readStream(`exemplar-${exemplarId}`),
        (e) => e.length > 2,
      );
      expect(events.map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked', 'ExemplarRevocationVoided']);
      expect(events[2].data).toEqual({ exemplarId, recordId: 'r-list', voidedOn: '2026-11-21', reason: 'LISTING_REVOKED', objectionId: 'obj-1' });
      expect(events[2].metadata).toMatchObject({ causationId: decision.id, actor: { sub: 'saga:listing-revocation-restores-exemplars', role: 'system' } });
    }
    await writer.designateExemplar('ex-later', '2026-11-22');
    await sagasCaughtUp(test);
    const position = (await test.store.readStream('exemplar-ex-later'))[0].position;

    // The red list: both titles on every day of their designation; as known before the decision, not.
    const on20 = await redList(`on=2026-11-20&consistentWith=${position}`);
    expect(on20.items.map((i: { exemplarId: string }) => i.exemplarId).sort()).toEqual(['ex-1', 'ex-raced']);
    for (const item of on20.items) {
      expect(item.revokedOn).toBeUndefined();
      expect(item.revocationVoided).toEqual({ revokedOn: item.exemplarId === 'ex-1' ? '2026-11-11' : '2026-11-15', revokeReason: 'JOINT_PUNISHMENT', recordId: 'r-list', voidedOn: '2026-11-21', reason: 'LISTING_REVOKED' });
    }
    expect((await redList(`on=2026-11-20&knownAt=${beforeDecision}`)).items).toEqual([]);
    // The archive shows the title in force, with the voided revocation and why.
    const archive = (await test.http.get(`/v1/institutions/${USCC}/archive`).set(test.auth('auditor')).expect(200)).body;
    const ex1 = archive.exemplars.find((e: { exemplarId: string }) => e.exemplarId === 'ex-1');
    expect(ex1).toMatchObject({ active: true, voidedRevocations: [{ revokedOn: '2026-11-11', reason: 'JOINT_PUNISHMENT', recordId: 'r-list', voidedOn: '2026-11-21', voidReason: 'LISTING_REVOKED', objectionId: 'obj-1' }] });
    expect(ex1.revoked).toBeUndefined();
    expect(ex1.provenance.endedBy).toBeUndefined();

    // Every saga replayed from the start: nothing revoked or voided twice, the later title untouched.
    await test.app.get<DataSource>(READ_STORE).query('DELETE FROM process_checkpoints');
    test = await test.restart('2026-11-22');
    await sagasCaughtUp(test);
    const raced = await test.store.readStream('exemplar-ex-raced');
    expect(raced.map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked', 'ExemplarRevocationVoided']);
    expect(raced[1].data).toMatchObject({ reason: 'JOINT_PUNISHMENT', on: '2026-11-15', causedByRecordId: 'r-list' });
    expect(raced[1].metadata).toMatchObject({ causationId: listing.id });
    expect((await test.store.readStream('exemplar-ex-later')).map((e) => e.type)).toEqual(['ExemplarDesignated']);
    expect(await test.store.readStream('exemplar-ex-1')).toHaveLength(3);
  });
});
