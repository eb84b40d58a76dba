import { IdempotencyStore, READ_STORE } from '@app/application';
import { DataSource } from 'typeorm';
import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectAppended, expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2854001');
const TODAY = '2026-06-01';

const recordBody = (extra: Record<string, unknown> = {}) => ({
  subject: { kind: 'INSTITUTION', id: U },
  category: 'CONTRACT_BREACH',
  severity: 'SERIOUS',
  domain: 'PPP',
  occurredOn: '2026-05-01',
  description: '合同违约',
  finding: { type: 'JUDICIAL_JUDGMENT', documentNo: '(2026)鲁01民终1号', authority: '济南中院', findingOn: '2026-05-20' },
  ...extra,
});

describe('idempotency, concurrency and If-Match on the command API', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, TODAY);
    api = new CommandDriver(ledger);
    await api.registerInstitution(U);
    await api.appointLeader(U, 'p-wang', '2025-01-01');
    // The officials the concurrent accountability decisions below name: a decision names a registered official.
    for (let i = 0; i < 20; i += 1) {
      await api.ok('/v1/officials', 'registrar', { personId: `p-${i}`, name: `官员${i}`, institutionUscc: U, post: '科员' }, 201);
    }
  });
  afterAll(async () => {
    await ledger.stop();
  });

  describe('Idempotency-Key', () => {
    it('the same key and body return the original status and body, and append nothing', async () => {
      const first = expectStatus(await api.post('/v1/records', 'credit-office', recordBody(), { key: 'record-1' }), 201);
      expect(first.body.recordId).toMatch(/^rec-/);
      const count = await ledger.eventCount();
      const again = expectStatus(await api.post('/v1/records', 'credit-office', recordBody(), { key: 'record-1' }), 201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await ledger.eventCount()).toBe(count);
    });

    it('the same key with another body is refused (422 IDEMPOTENCY_KEY_REUSED), nothing appended', async () => {
      await expectRefused(ledger, () => api.post('/v1/records', 'credit-office', recordBody({ description: '另一件事' }), { key: 'record-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('also when the other request would write to another stream (another record, another endpoint)', async () => {
      const a = await api.record(U, '2026-05-20');
      const b = await api.record(U, '2026-05-21');
      await api.ok(`/v1/records/${a}/objections`, 'credit-office', { filedOn: TODAY, grounds: '金额有误' }, 201, { key: 'objection-1' });
      await expectRefused(ledger, () => api.post(`/v1/records/${b}/objections`, 'credit-office', { filedOn: TODAY, grounds: '金额有误' }, { key: 'objection-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
      await expectRefused(ledger, () => api.post('/v1/records', 'credit-office', recordBody(), { key: 'objection-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect((await api.stream(`record-${b}`)).map((e) => e.type)).toEqual(['DishonestyRecorded']);
    });

    it('keys belong to their caller: another sub may use the same key', async () => {
      const token = ledger.tokens.issue({ sub: 'another-officer', role: 'credit-office' });
      const response = await ledger.http.post('/v1/records').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'record-1').send(recordBody());
      expect(response.status).toBe(201);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
    });

    it('a refused request does not use up its key', async () => {
      const refused = await expectRefused(ledger, () => api.post('/v1/records', 'credit-office', recordBody({ occurredOn: '2026-06-02' }), { key: 'record-fixed' }), 400, 'VALIDATION_FAILED');
      // occurredOn after the finding: the finding's date is named, as one that may not precede it.
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'finding.findingOn' })]);
      expect(await api.ok('/v1/records', 'credit-office', recordBody(), 201, { key: 'record-fixed' })).toEqual({ recordId: expect.stringMatching(/^rec-/), position: expect.any(String) });
    });

    it('after a crash between the append and storing the answer, a retry is answered from the log', async () => {
      const recordId = await api.record(U, '2026-05-22');
      const first = await api.ok(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: '已履行' }, 201, { uscc: U, key: 'crash-1' });
      // The stored answer is lost, as if the process died right after the append.
      await ledger.app.get<DataSource>(READ_STORE).query(`DELETE FROM idempotency_keys WHERE idempotency_key = 'crash-1'`);
      const count = await ledger.eventCount();
      const retried = expectStatus(await api.post(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: '已履行' }, { uscc: U, key: 'crash-1' }), 201);
      expect(retried.body).toEqual(first);
      expect(await ledger.eventCount()).toBe(count);

      await ledger.app.get<DataSource>(READ_STORE).query(`DELETE FROM idempotency_keys WHERE idempotency_key = 'crash-1'`);
      await expectRefused(
        ledger,
        () => api.post(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: '别的理由' }, { uscc: U, key: 'crash-1' }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await ledger.eventCount()).toBe(count);
    });

    it('after a crash while the request was under way (its claim left unanswered), a retry runs and is answered from the log; another request is refused', async () => {
      const recordId = await api.record(U, '2026-05-30');
      const first = await api.ok(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: '已履行' }, 201, { uscc: U, key: 'crash-2' });
      // The claim as a process that died after the append, before answering, leaves it.
      const readStore = ledger.app.get<DataSource>(READ_STORE);
      await readStore.query(`UPDATE idempotency_keys SET status = 0, body = '{"claim":"gone"}' WHERE idempotency_key = 'crash-2'`);
      const count = await ledger.eventCount();
      await expectRefused(
        ledger,
        () => api.post(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: '别的理由' }, { uscc: U, key: 'crash-2' }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      const retried = expectStatus(await api.post(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: '已履行' }, { uscc: U, key: 'crash-2' }), 201);
      expect(retried.body).toEqual(first);
      expect(await ledger.eventCount()).toBe(count);
      // Its answer is stored now: the next retry is replayed from it.
      const replayed = expectStatus(await api.post(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: '已履行' }, { uscc: U, key: 'crash-2' }), 201);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.body).toEqual(first);
    });

    it('ten concurrent copies of one request append once and all get the same answer', async () => {
      const recordId = await api.record(U, '2026-05-23');
      const count = await ledger.eventCount();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => api.post(`/v1/records/${recordId}/accountability-decisions`, 'discipline', { personId: 'p-wang', measure: 'ADMONISHMENT', decidedOn: TODAY, documentNo: '纪〔2026〕1号', authority: '纪工委' }, { key: 'decision-1' })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await ledger.eventCount()).toBe(count + 1);
    });

    it('two different requests under one key at the same moment, aimed at two streams: one runs, the other is refused (422)', async () => {
      const records = await Promise.all(['2026-05-24', '2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29'].map((on) => api.record(U, on)));
      const count = await ledger.eventCount();
      const pairs = await Promise.all(
        [0, 2, 4].map((i) =>
          Promise.all([records[i], records[i + 1]].map((recordId) => api.post(`/v1/records/${recordId}/objections`, 'credit-office', { filedOn: TODAY, grounds: '金额有误' }, { key: `race-${i}` }))),
        ),
      );
      for (const pair of pairs) {
        expect(pair.map((r) => r.status).sort()).toEqual([201, 422]);
        expect(pair.find((r) => r.status === 422)!.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      }
      expect(await ledger.eventCount()).toBe(count + 3);
      // The key answers the request that ran, and refuses the other, from now on.
      const ran = pairs.map((pair) => pair.findIndex((r) => r.status === 201));
      const again = await api.post(`/v1/records/${records[ran[0]]}/objections`, 'credit-office', { filedOn: TODAY, grounds: '金额有误' }, { key: 'race-0' });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('the same body with a generated id under two keys makes two resources', async () => {
      const one = await api.ok('/v1/records', 'credit-office', recordBody(), 201, { key: 'twin-a' });
      const two = await api.ok('/v1/records', 'credit-office', recordBody(), 201, { key: 'twin-b' });
      expect(one.recordId).not.toBe(two.recordId);
    });
  });

  describe('Idempotency-Key expiry (LEDGER_IDEMPOTENCY_TTL_HOURS, 24 by default)', () => {
    const at = (iso: string) => ledger.clock.set(iso);
    afterAll(() => ledger.clock.setToday(TODAY));

    it('an answer is replayed within the keep period; after it the key is free, and the log still stops a second append', async () => {
      at('2026-06-01T03:00:00Z');
      const first = await api.ok('/v1/records', 'credit-office', recordBody(), 201, { key: 'expiring-1' });

      at('2026-06-02T02:59:00Z'); // 23 h 59 min later: still kept
      const replayed = expectStatus(await api.post('/v1/records', 'credit-office', recordBody(), { key: 'expiring-1' }), 201);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      await expectRefused(ledger, () => api.post('/v1/records', 'credit-office', recordBody({ description: '另一件事' }), { key: 'expiring-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');

      at('2026-06-02T03:00:01Z'); // past 24 h
      const count = await ledger.eventCount();
      // The same request again is not replayed from the store, but the log recognises the command: nothing new.
      const retried = expectStatus(await api.post('/v1/records', 'credit-office', recordBody(), { key: 'expiring-1' }), 201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(retried.body).toEqual(first);
      expect(await ledger.eventCount()).toBe(count);
    });

    it('an expired key may carry another request, whose answer is then the one replayed', async () => {
      at('2026-06-01T03:00:00Z');
      const recordId = await api.record(U, '2026-05-26');
      await api.ok(`/v1/records/${recordId}/objections`, 'credit-office', { filedOn: TODAY, grounds: '金额有误' }, 201, { key: 'expiring-2' });
      at('2026-06-03T03:00:00Z');
      const other = await api.ok('/v1/records', 'credit-office', recordBody(), 201, { key: 'expiring-2' });
      expect(other.recordId).toMatch(/^rec-/);
      const again = expectStatus(await api.post('/v1/records', 'credit-office', recordBody(), { key: 'expiring-2' }), 201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(other);
    });

    it('the sweep deletes the answers older than the keep period and keeps the rest', async () => {
      at('2026-06-10T00:00:00Z');
      await api.ok('/v1/records', 'credit-office', recordBody(), 201, { key: 'sweep-old' });
      at('2026-06-10T20:00:00Z');
      await api.ok('/v1/records', 'credit-office', recordBody(), 201, { key: 'sweep-new' });
      at('2026-06-11T01:00:00Z');
      const keys = async () =>
        (await ledger.app.get<DataSource>(READ_STORE).query(`SELECT idempotency_key AS k FROM idempotency_keys WHERE idempotency_key LIKE 'sweep-%'`)).map((r: { k: string }) => r.k);
      expect((await keys()).sort()).toEqual(['sweep-new', 'sweep-old']);
      expect(await ledger.app.get(IdempotencyStore).sweep()).toBeGreaterThanOrEqual(1);
      expect(await keys()).toEqual(['sweep-new']);
    });
  });

  describe('concurrent writers on one record', () => {
    it('20 concurrent objections on one record all land, once each — none lost to a version conflict', async () => {
      const recordId = await api.record(U, '2026-05-24');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => api.post(`/v1/records/${recordId}/objections`, 'credit-office', { objectionId: `obj-${i}`, filedOn: TODAY, grounds: `理由 ${i}` })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const filed = (await api.stream(`record-${recordId}`)).filter((e) => e.type === 'ObjectionFiled').map((e) => e.data.objectionId);
      expect([...filed].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `obj-${i}`).sort());
      expect(new Set(filed).size).toBe(20);
    });

    it('20 concurrent accountability decisions all land, once each', async () => {
      const recordId = await api.record(U, '2026-05-25');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api.post(`/v1/records/${recordId}/accountability-decisions`, 'discipline', { personId: `p-${i}`, measure: 'CRITICISM_EDUCATION', decidedOn: TODAY, documentNo: `纪〔2026〕${i}号`, authority: '纪工委' }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const decided = (await api.stream(`record-${recordId}`)).filter((e) => e.type === 'AccountabilityDecided').map((e) => e.data.personId);
      expect(decided.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p-${i}`).sort());
      expect(new Set(responses.map((r) => r.body.position)).size).toBe(20);
    });
  });

  describe('one person, two institutions at once', () => {
    // The person is registered in the stream of the institution where they serve, so the two
    // requests write to two streams: only serialising them per person lets the second see the first.
    it('of two concurrent registrations of one personId at two institutions, one lands and the other gets 409', async () => {
      const other = uscc('11370100MB2854002');
      await api.registerInstitution(other);
      const count = await ledger.eventCount();
      const responses = await Promise.all(
        [U, other].map((institutionUscc) => api.post('/v1/officials', 'registrar', { personId: 'p-twice', name: '张三', institutionUscc, post: '科长' })),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(responses.find((r) => r.status === 409)?.body).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect(await ledger.eventCount()).toBe(count + 1);
    });

    it('also when one request registers and the other appoints the same person as principal leader elsewhere', async () => {
      const other = uscc('11370100MB2854003');
      await api.registerInstitution(other);
      const responses = await Promise.all([
        api.post('/v1/officials', 'registrar', { personId: 'p-race', name: '李四', institutionUscc: U, post: '科长' }),
        api.post(`/v1/institutions/${other}/leaders`, 'registrar', { personId: 'p-race', name: '李四', title: '主任', effectiveOn: '2026-01-01' }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([201, 201]);
      const registered = [...(await api.stream(`institution-${U}`)), ...(await api.stream(`institution-${other}`))].filter(
        (e) => e.type === 'OfficialRegistered' && e.data.personId === 'p-race',
      );
      expect(registered).toHaveLength(1);
    });
  });

  describe('ETag and If-Match', () => {
    it('GET returns the stream revision as ETag; a POST with the current one succeeds, a stale one gets 412 and appends nothing', async () => {
      const recordId = await api.record(U, '2026-05-26');
      const read = expectStatus(await api.get(`/v1/records/${recordId}`, 'credit-office'), 200);
      expect(read.headers.etag).toBe('"0"');
      await api.ok(`/v1/records/${recordId}/objections`, 'credit-office', { filedOn: TODAY, grounds: 'g' }, 201, { ifMatch: read.headers.etag });
      expect(expectStatus(await api.get(`/v1/records/${recordId}`, 'credit-office'), 200).headers.etag).toBe('"1"');

      const stale = await expectRefused(
        ledger,
        () => api.post(`/v1/records/${recordId}/accountability-decisions`, 'discipline', { personId: 'p-wang', measure: 'ADMONISHMENT', decidedOn: TODAY, documentNo: 'n', authority: 'a' }, { ifMatch: '"0"' }),
        412,
        'PRECONDITION_FAILED',
      );
      expect(stale.body).toMatchObject({ currentRevision: 1 });
    });

    it('a weak tag never matches (If-Match compares strongly, RFC 9110 §13.1.1): W/"<current revision>" is 412 with currentRevision, nothing appended', async () => {
      const recordId = await api.record(U, '2026-05-29');
      const etag = expectStatus(await api.get(`/v1/records/${recordId}`, 'credit-office'), 200).headers.etag;
      expect(etag).toBe('"0"');
      for (const weak of [`W/${etag}`, 'W/"0"', ' W/"0" ']) {
        const refused = await expectRefused(ledger, () => api.post(`/v1/records/${recordId}/objections`, 'credit-office', { filedOn: TODAY, grounds: 'g' }, { ifMatch: weak }), 412, 'PRECONDITION_FAILED');
        expect(refused.body).toMatchObject({ currentRevision: 0, detail: expect.stringContaining('weak') });
      }
      // Like a stale strong tag: a create has no revision to match, a missing resource is still 404.
      const create = await expectRefused(
        ledger,
        () => api.post('/v1/commitments', 'registrar', { commitmentId: 'cmt-weak', institutionUscc: U, kind: 'POLICY', domain: 'OTHER', title: 't', content: 'c', signedBy: 'p-wang', madeOn: TODAY, dueOn: '2026-12-31', channels: ['PRESS'] }, { ifMatch: 'W/"0"' }),
        412,
        'PRECONDITION_FAILED',
      );
      expect(create.body.currentRevision).toBeNull();
      await expectRefused(ledger, () => api.post('/v1/commitments/cmt-none/fulfilment', 'registrar', { on: TODAY, evidence: 'e' }, { ifMatch: 'W/"0"' }), 404, 'NOT_FOUND');
      // The strong tag, as the ETag was sent, goes through.
      await api.ok(`/v1/records/${recordId}/objections`, 'credit-office', { filedOn: TODAY, grounds: 'g' }, 201, { ifMatch: etag });
    });

    it('of two writers holding the same ETag, one wins and the other gets 412: one event appended, the winner\'s', async () => {
      const recordId = await api.record(U, '2026-05-27');
      const etag = expectStatus(await api.get(`/v1/records/${recordId}`, 'credit-office'), 200).headers.etag;
      const body = (i: number) => ({ personId: `p-${i}`, measure: 'ADMONISHMENT', decidedOn: TODAY, documentNo: `n${i}`, authority: 'a' });
      const responses = await expectAppended(ledger, 1, () =>
        Promise.all([0, 1].map((i) => api.post(`/v1/records/${recordId}/accountability-decisions`, 'discipline', body(i), { ifMatch: etag }))),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 412]);
      const winner = responses.findIndex((r) => r.status === 201);
      expect(responses[1 - winner].headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(responses[1 - winner].body).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED', currentRevision: 1 });
      const decided = (await api.stream(`record-${recordId}`)).filter((e) => e.type === 'AccountabilityDecided');
      expect(decided.map((e) => e.data.personId)).toEqual([`p-${winner}`]);
    });

    it('works on commitments too; If-Match on something that does not exist is 404', async () => {
      await api.ok('/v1/commitments', 'registrar', { commitmentId: 'cmt-etag', institutionUscc: U, kind: 'POLICY', domain: 'OTHER', title: 't', content: 'c', signedBy: 'p-wang', madeOn: TODAY, dueOn: '2026-12-31', channels: ['PRESS'] }, 201);
      const read = expectStatus(await api.get('/v1/commitments/cmt-etag', 'supervisor'), 200);
      expect(read.headers.etag).toBe('"0"');
      await api.ok('/v1/commitments/cmt-etag/amendments', 'registrar', { on: TODAY, reasonCategory: 'PUBLIC_INTEREST', legalBasis: '规划调整', newContent: 'c2' }, 200, { ifMatch: '"0"' });
      const stale = await expectRefused(ledger, () => api.post('/v1/commitments/cmt-etag/fulfilment', 'registrar', { on: TODAY, evidence: 'e' }, { ifMatch: '"0"' }), 412, 'PRECONDITION_FAILED');
      expect(stale.body).toMatchObject({ currentRevision: 1 });
      await expectRefused(ledger, () => api.post('/v1/commitments/cmt-none/fulfilment', 'registrar', { on: TODAY, evidence: 'e' }, { ifMatch: '"0"' }), 404, 'NOT_FOUND');
    });

    it('If-Match on a POST that would create the resource is 412 (there is no revision to match) and appends nothing', async () => {
      const commitment = { commitmentId: 'cmt-ifmatch', institutionUscc: U, kind: 'POLICY', domain: 'OTHER', title: 't', content: 'c', signedBy: 'p-wang', madeOn: TODAY, dueOn: '2026-12-31', channels: ['PRESS'] };
      const create = await expectRefused(ledger, () => api.post('/v1/commitments', 'registrar', commitment, { ifMatch: '"0"' }), 412, 'PRECONDITION_FAILED');
      expect(create.body.currentRevision).toBeNull();
      const other = uscc('11370100MB2854005');
      await expectRefused(
        ledger,
        () => api.post('/v1/institutions', 'registrar', { uscc: other, name: '某局', kind: 'GOVERNMENT_ORGAN', regionCode: '370102' }, { ifMatch: '"3"' }),
        412,
        'PRECONDITION_FAILED',
      );
      expect(await api.stream(`institution-${other}`)).toEqual([]);
      // A refused create stays refused for its own reason (validation first), and without If-Match it goes through.
      const invalid = await expectRefused(ledger, () => api.post('/v1/commitments', 'registrar', { ...commitment, dueOn: 'soon' }, { ifMatch: '"0"' }), 400, 'VALIDATION_FAILED');
      expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'dueOn' })]);
      await api.ok('/v1/commitments', 'registrar', commitment, 201);
    });

    it('a subject reads only its own institution\'s records and commitments', async () => {
      const recordId = await api.record(U, '2026-05-28');
      await api.get(`/v1/records/${recordId}`, 'subject', U).expect(200);
      const other = uscc('11370100MB2854002');
      expect((await api.get(`/v1/records/${recordId}`, 'subject', other).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await api.get('/v1/commitments/cmt-etag', 'subject', other).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await api.get('/v1/records/rec-missing', 'auditor').expect(404)).body.code).toBe('NOT_FOUND');
      expect((await api.get(`/v1/records/${recordId}`, 'approver').expect(403)).body.code).toBe('FORBIDDEN');
    });

    it("a subject acting on another institution's record is 403 before If-Match is compared: a 412 would tell the record's revision", async () => {
      const recordId = await api.record(U, '2026-05-28');
      const other = uscc('11370100MB2854002');
      for (const [path, body] of [
        [`/v1/records/${recordId}/objections`, { filedOn: TODAY, grounds: 'g' }],
        [`/v1/records/${recordId}/repair-applications`, { appliedOn: TODAY, pledgeSigned: true, evidence: 'e' }],
      ] as const) {
        const refused = await expectRefused(ledger, () => api.post(path, 'subject', body, { uscc: other, ifMatch: '"99"' }), 403, 'FORBIDDEN');
        expect(JSON.stringify(refused.body)).not.toMatch(/revision/i);
      }
      // Its own institution's subject still gets the 412 with the current revision.
      await expectRefused(ledger, () => api.post(`/v1/records/${recordId}/objections`, 'subject', { filedOn: TODAY, grounds: 'g' }, { uscc: U, ifMatch: '"99"' }), 412, 'PRECONDITION_FAILED');
    });
  });
});
