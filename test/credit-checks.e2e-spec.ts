import { withUsccCheckCharacter } from '@app/domain';
import { DomainWriter } from './support/domain-writer';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const USCC = withUsccCheckCharacter('11370100MB2850888');
const UNKNOWN = withUsccCheckCharacter('11370100MB2850999');
const check = (matter: string, subject = { kind: 'INSTITUTION', id: USCC }) => ({ subject, matter, on: '2026-11-22', caseRef: '济审〔2026〕118号' });

describe('credit checks (逢审必查) and feedback', () => {
  let test: TestLedger;

  beforeAll(async () => {
    test = await TestLedger.start({}, '2026-11-22');
    await new DomainWriter(test, USCC).institution();
  });
  afterAll(async () => {
    await test.stop();
  });

  it('clears an institution with nothing on record, and records the check', async () => {
    const response = await test.http.post('/v1/checks').set(test.auth('approver')).send(check('AWARD_EVALUATION')).expect(201);
    expect(response.body).toEqual({ checkId: expect.any(String), outcome: 'CLEAR', findings: [], position: expect.stringMatching(/^\d+$/) });
    const [performed] = await test.store.readStream(`check-${response.body.checkId}`);
    expect(performed).toMatchObject({ type: 'CreditCheckPerformed', data: { outcome: 'CLEAR', caseRef: '济审〔2026〕118号' } });
    expect(performed.metadata.actor).toEqual({ sub: 'test-approver', role: 'approver' });
  });

  it('restricts award evaluation during a ban, holds the approver to feedback on every measure', async () => {
    await new DomainWriter(test, USCC).recordWithOrder('r-check', '2026-11-10');
    expect((await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200)).body.lapsed).toBe(1);

    const restricted = await test.http.post('/v1/checks').set(test.auth('approver')).send(check('AWARD_EVALUATION')).expect(201);
    expect(restricted.body.outcome).toBe('RESTRICTED');
    const kinds = restricted.body.findings.map((f: { kind: string }) => f.kind);
    expect(kinds.length).toBeGreaterThan(0);
    const banFinding = restricted.body.findings.find((f: { ref: string }) => f.ref === 'ban-r-check');
    expect(banFinding).toBeDefined();
    expect(banFinding.measures.length).toBeGreaterThan(0);
    for (const measure of banFinding.measures) expect(measure).toEqual({ code: expect.any(String), name: expect.any(String), legalBasis: expect.any(String) });

    const codes: string[] = [...new Set<string>(restricted.body.findings.flatMap((f: { measures: Array<{ code: string }> }) => f.measures.map((m) => m.code)))];
    const url = `/v1/checks/${restricted.body.checkId}/feedback`;
    const sendFeedback = (body: object) => () => test.http.post(url).set(test.auth('approver')).send(body);
    await expectRefused(test, sendFeedback({ applied: codes.slice(1), notApplied: [] }), 422, 'FEEDBACK_INCOMPLETE');
    await expectRefused(test, sendFeedback({ applied: [...codes, 'NO_SUCH_MEASURE'], notApplied: [] }), 422, 'FEEDBACK_UNKNOWN_MEASURE');

    const [first, ...rest] = codes;
    const given = await test.http
      .post(url)
      .set(test.auth('approver'))
      .send({ applied: rest, notApplied: [{ code: first, reason: '评选已于检查前结束' }] })
      .expect(200);
    expect(given.body.position).toMatch(/^\d+$/);
    const feedback = (await test.store.readStream(`check-${restricted.body.checkId}`))[1];
    expect(feedback).toMatchObject({ type: 'CheckFeedbackGiven', data: { applied: rest, notApplied: [{ code: first, reason: '评选已于检查前结束' }] } });
    await expectRefused(test, sendFeedback({ applied: codes, notApplied: [] }), 422, 'FEEDBACK_ALREADY_GIVEN');
  });

  it('does not restrict a matter the ban does not cover beyond what the catalogue says', async () => {
    const response = await test.http.post('/v1/checks').set(test.auth('approver')).send(check('ADMINISTRATIVE_LICENSE')).expect(201);
    // domain.md §4.8: the ban restricts AWARD_EVALUATION only; the listing (since 2026-11-11)
    // restricts every matter the catalogue has a measure for, licences included
    // (JP-LISTED-SUPERVISION); the order, never accepted, is still open: ATTENTION.
    expect(response.body.outcome).toBe('RESTRICTED');
    expect(response.body.findings).toEqual([
      expect.objectContaining({ kind: 'LISTING', ref: 'r-check', level: 'RESTRICTED', measures: [expect.objectContaining({ code: 'JP-LISTED-SUPERVISION' })] }),
      expect.objectContaining({ kind: 'OPEN_RECTIFICATION', ref: 'r-check', level: 'ATTENTION', measures: [expect.objectContaining({ code: 'JA-CLOSE-REVIEW' })] }),
    ]);
    expect(response.body.findings.some((f: { ref: string }) => f.ref === 'ban-r-check')).toBe(false);
  });

  it('answers from the records as they are now: a record that changed since the last check is read again', async () => {
    const uscc = withUsccCheckCharacter('11370100MB2850777');
    const writer = new DomainWriter(test, uscc);
    await writer.institution('某区城管局');
    const subject = { kind: 'INSTITUTION', id: uscc };
    expect((await test.http.post('/v1/checks').set(test.auth('approver')).send(check('AWARD_EVALUATION', subject)).expect(201)).body.outcome).toBe('CLEAR');
    await writer.recordWithOrder('r-fresh', '2026-11-30');
    const open = await test.http.post('/v1/checks').set(test.auth('approver')).send(check('AWARD_EVALUATION', subject)).expect(201);
    expect(open.body.outcome).toBe('ATTENTION');
    expect(open.body.findings.some((f: { ref: string }) => f.ref === 'ban-r-fresh')).toBe(false);
    // The deadline day ends: the next check notices the lapse (written as the watcher writes it,
    // effective 2026-12-01), and answers with the listing and the ban; the sweep finds it done.
    test.clock.setToday('2026-12-02');
    try {
      const listed = await test.http.post('/v1/checks').set(test.auth('approver')).send({ ...check('AWARD_EVALUATION', subject), on: '2026-12-02' }).expect(201);
      expect(listed.body.outcome).toBe('RESTRICTED');
      expect(listed.body.findings.some((f: { ref: string }) => f.ref === 'ban-r-fresh')).toBe(true);
      expect((await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200)).body.lapsed).toBe(0);
    } finally {
      test.clock.setToday('2026-11-22');
    }
  });

  it('owes feedback 5 working days from the day the check was made, not from the past day it names', async () => {
    // Made on Tuesday 2026-12-01 about 2026-11-22, while the ban stood: due Tuesday 2026-12-08, not overdue.
    test.clock.setToday('2026-12-01');
    try {
      const made = await test.http.post('/v1/checks').set(test.auth('approver')).send(check('AWARD_EVALUATION')).expect(201);
      expect(made.body.outcome).toBe('RESTRICTED');
      const queue = await test.http.get(`/v1/queues/checks?consistentWith=${made.body.position}&pageSize=500`).set(test.auth('supervisor')).expect(200);
      const item = queue.body.items.find((i: { checkId: string }) => i.checkId === made.body.checkId);
      expect(item).toMatchObject({ on: '2026-11-22', dueOn: '2026-12-08', overdue: false });
    } finally {
      test.clock.setToday('2026-11-22');
    }
  });

  it('a client-chosen checkId is checked against the log: the same id again is a conflict', async () => {
    const body = { ...check('PROMOTION'), checkId: 'chk-client-1' };
    await test.http.post('/v1/checks').set(test.auth('approver')).send(body).expect(201);
    await expectRefused(test, () => test.http.post('/v1/checks').set(test.auth('approver')).send(body), 409, 'CONFLICT');
  });

  it('a retry under the same Idempotency-Key answers the first check and appends nothing', async () => {
    const key = { 'Idempotency-Key': 'check-retry-1' };
    const first = await test.http.post('/v1/checks').set(test.auth('approver')).set(key).send(check('PROMOTION')).expect(201);
    const before = await test.eventCount();
    const retry = await test.http.post('/v1/checks').set(test.auth('approver')).set(key).send(check('PROMOTION')).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await test.eventCount()).toBe(before);
  });

  describe('refused input: a 4xx problem+json, nothing appended', () => {
    const cases: Array<[string, () => { role: 'approver' | 'auditor' | null; body: unknown; url?: string }, number, string]> = [
      ['an unknown subject', () => ({ role: 'approver', body: check('PROMOTION', { kind: 'INSTITUTION', id: UNKNOWN }) }), 404, 'SUBJECT_NOT_FOUND'],
      ['an unknown matter', () => ({ role: 'approver', body: check('LOTTERY') }), 400, 'VALIDATION_FAILED'],
      ['an unknown subject kind', () => ({ role: 'approver', body: check('PROMOTION', { kind: 'COMPANY', id: USCC }) }), 400, 'VALIDATION_FAILED'],
      ['an impossible date', () => ({ role: 'approver', body: { ...check('PROMOTION'), on: '2026-02-30' } }), 400, 'VALIDATION_FAILED'],
      ['a missing caseRef', () => ({ role: 'approver', body: { subject: { kind: 'INSTITUTION', id: USCC }, matter: 'PROMOTION', on: '2026-11-22' } }), 400, 'VALIDATION_FAILED'],
      ['no subject', () => ({ role: 'approver', body: { matter: 'PROMOTION', on: '2026-11-22', caseRef: 'X-1' } }), 400, 'VALIDATION_FAILED'],
      ['a subject that is not an object', () => ({ role: 'approver', body: { ...check('PROMOTION'), subject: 'INSTITUTION' } }), 400, 'VALIDATION_FAILED'],
      ['an extra field', () => ({ role: 'approver', body: { ...check('PROMOTION'), outcome: 'CLEAR' } }), 400, 'VALIDATION_FAILED'],
      ['the wrong role', () => ({ role: 'auditor', body: check('PROMOTION') }), 403, 'FORBIDDEN'],
      ['no token', () => ({ role: null, body: check('PROMOTION') }), 401, 'UNAUTHENTICATED'],
      ['feedback for an unknown check', () => ({ role: 'approver', body: { applied: [], notApplied: [] }, url: '/v1/checks/chk-none/feedback' }), 404, 'NOT_FOUND'],
      ['feedback without a reason', () => ({ role: 'approver', body: { applied: [], notApplied: [{ code: 'X' }] }, url: '/v1/checks/chk-none/feedback' }), 400, 'VALIDATION_FAILED'],
    ];
    it.each(cases)('%s', async (_name, make, status, code) => {
      const { role, body, url } = make();
      await expectRefused(
        test,
        () => {
          const request = test.http.post(url ?? '/v1/checks');
          return (role ? request.set(test.auth(role)) : request).send(body as object);
        },
        status,
        code,
      );
    });
  });
});
