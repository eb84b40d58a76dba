import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853004');

/**
 * A lapse is effective deadline + 1 whenever the system notices it (domain.md §4.4). Between the
 * deadline and the watcher's sweep (a minute, or longer while the process running it is down) the
 * lapse is due but not written. A credit check recorded then, or a red-list designation decided
 * then, must not answer as if the order were still open: the check writes the due lapse first (as
 * the watcher would, once per record) and records RESTRICTED with the ban and the listing; the
 * designation is decided on the records with the due lapse folded in (nothing written when it is
 * refused). The watcher is off here, so no sweep can come between.
 */
describe('a lapse due but not yet swept, seen by checks and designations', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let recordId: string;

  beforeAll(async () => {
    ledger = await TestLedger.start({ runProcessManagers: false }, '2026-01-20');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区交通局', '370102');
    await api.appointLeader(U, 'p-sun', '2025-01-01', '孙某');
    recordId = await api.record(U, '2026-01-10');
    await api.order(recordId, '2026-01-15', '2026-03-31');
    // The deadline day has ended: the lapse is due, effective 2026-04-01; no sweep runs.
    ledger.clock.setToday('2026-04-02');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  const recordEvents = async () => (await api.stream(`record-${recordId}`)).map((e) => e.type);
  const designation = (exemplarId: string, designatedOn: string) => ({
    exemplarId,
    subject: { kind: 'INSTITUTION', id: U },
    title: '诚信建设示范单位',
    basis: '市信用办评定',
    designatedOn,
  });

  it('a designation dated on or after the lapse day is refused AWARD_BAN_ACTIVE, and nothing is written: neither the title nor the lapse', async () => {
    const refused = await expectRefused(ledger, () => api.post('/v1/exemplars', 'credit-office', designation('exm-due', '2026-04-01')), 422, 'AWARD_BAN_ACTIVE');
    expect(refused.body).toMatchObject({ banId: `ban-${recordId}`, on: '2026-04-01' });
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);
    expect(await api.stream('exemplar-exm-due')).toEqual([]);
    // Dated before the lapse day, the title is a fact of the history and is recorded.
    await api.ok('/v1/exemplars', 'credit-office', designation('exm-before', '2026-03-01'), 201);
  });

  it('a refused check (a day still to come) writes no lapse', async () => {
    await expectRefused(
      ledger,
      () => api.post('/v1/checks', 'approver', { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-03', caseRef: '评优-0' }),
      422,
      'DATE_IN_FUTURE',
    );
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);
  });

  it('a check that ends in a refusal before it is decided writes no lapse either: If-Match (412), a key reused with another body (422)', async () => {
    const body = (caseRef: string) => ({ subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-02', caseRef });
    await expectRefused(ledger, () => api.post('/v1/checks', 'approver', body('评优-m'), { ifMatch: '"3"' }), 412, 'PRECONDITION_FAILED');
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);

    // Made before the deadline day ended, under a key: ATTENTION (the order open, no lapse due yet).
    ledger.clock.setToday('2026-03-25');
    const first = await api.ok<{ outcome: string; position: string }>('/v1/checks', 'approver', { ...body('评优-k'), on: '2026-03-25' }, 201, { key: 'chk-before-lapse' });
    expect(first.outcome).toBe('ATTENTION');
    ledger.clock.setToday('2026-04-02');
    await expectRefused(ledger, () => api.post('/v1/checks', 'approver', { ...body('评优-other'), on: '2026-03-25' }, { key: 'chk-before-lapse' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    // Retried after the deadline (its stored answer expired with the clock's jump): answered from the log as first given, no lapse.
    const head = await ledger.store.headPosition();
    const retried = await api.ok<{ outcome: string; position: string }>('/v1/checks', 'approver', { ...body('评优-k'), on: '2026-03-25' }, 201, { key: 'chk-before-lapse' });
    expect(retried).toMatchObject({ outcome: 'ATTENTION', position: first.position });
    expect(await ledger.store.headPosition()).toBe(head);
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);
  });

  it('a check writes the due lapse first and records RESTRICTED with the ban and the listing; the next check finds it written', async () => {
    const check = await api.ok<{ checkId: string; outcome: string; findings: Array<{ kind: string; ref: string }> }>(
      '/v1/checks',
      'approver',
      { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-02', caseRef: '评优-1' },
      201,
    );
    expect(check.outcome).toBe('RESTRICTED');
    expect(check.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['AWARD_BAN', 'LISTING']));
    expect(check.findings.find((f) => f.kind === 'AWARD_BAN')?.ref).toBe(`ban-${recordId}`);

    const events = await api.stream(`record-${recordId}`);
    expect(events.map((e) => e.type)).toEqual([
      'DishonestyRecorded',
      'RectificationOrdered',
      'RectificationDeadlineLapsed',
      'InstitutionListed',
      'AwardBanImposed',
      'AccountabilityRequired',
    ]);
    // Written as the watcher writes it: effective deadline + 1, once per record, caused by the order.
    expect(events[2].data).toMatchObject({ effectiveOn: '2026-04-01' });
    expect(events[2].metadata).toMatchObject({ commandId: `lapse:${recordId}`, actor: { sub: 'deadline-watcher', role: 'system' }, causationId: events[1].id });
    expect(events[3].data).toMatchObject({ listedOn: '2026-04-01' });
    // The check was recorded after the lapse, with what it answered.
    const performed = await api.stream(`check-${check.checkId}`);
    expect(performed.map((e) => e.type)).toEqual(['CreditCheckPerformed']);
    expect(performed[0].position).toBeGreaterThan(events[5].position);
    expect(performed[0].data).toMatchObject({ outcome: 'RESTRICTED' });

    const again = await api.ok<{ outcome: string }>('/v1/checks', 'approver', { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-02', caseRef: '评优-2' }, 201);
    expect(again.outcome).toBe('RESTRICTED');
    expect(await api.stream(`record-${recordId}`)).toHaveLength(6);
    // The sweep finds nothing left to lapse.
    expect(await api.ok<{ lapsed: number }>('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).toMatchObject({ lapsed: 0 });
  });
});

/**
 * A repair judged between the deadline and the sweep: the listing the lapse makes sets the
 * earliest repair day (the day after the listing's minimum period, domain.md §4.6) and a grant
 * must delist it. Found 2026-01-10 (NDRC-2019-527: SERIOUS and LISTING minimum 6 months), ordered
 * with a deadline of 2026-02-27 and rectified late (accepted 2026-03-06): the lapse is due,
 * effective 2026-02-28, so repair is open from 2026-08-29, not from the record's own 2026-07-11.
 */
describe('a lapse due but not yet swept, seen by repairs', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  const U2 = uscc('11370100MB2853006');

  beforeAll(async () => {
    ledger = await TestLedger.start({ runProcessManagers: false }, '2026-01-20');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U2, '某区水务局', '370102');
    await api.appointLeader(U2, 'p-zhou', '2025-01-01', '周某');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  /** Recorded, ordered, and rectified after the deadline: no lapse written, one due. */
  const lateRectified = async (): Promise<string> => {
    ledger.clock.setToday('2026-01-20');
    const recordId = await api.record(U2, '2026-01-10');
    await api.order(recordId, '2026-01-15', '2026-02-27');
    ledger.clock.setToday('2026-03-06');
    const { reportId } = await api.ok(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn: '2026-03-05', evidence: '已清偿' }, 201, { uscc: U2 });
    await api.ok(`/v1/records/${recordId}/rectification-reports/${reportId}/review`, 'credit-office', { reviewedOn: '2026-03-06', accepted: true }, 200);
    return recordId;
  };
  const types = async (recordId: string) => (await api.stream(`record-${recordId}`)).map((e) => e.type);
  const apply = (recordId: string, appliedOn: string, options: { ifMatch?: string } = {}) =>
    api.post(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn, pledgeSigned: true, evidence: '信用承诺书' }, { uscc: U2, ...options });

  it('an application before the listing’s minimum has run is refused with the listing’s earliest day, and nothing is written: neither the application nor the lapse', async () => {
    const recordId = await lateRectified();
    ledger.clock.setToday('2026-07-20');
    const before = await types(recordId);
    const refused = await expectRefused(ledger, () => apply(recordId, '2026-07-20'), 422, 'REPAIR_NOT_YET_ELIGIBLE');
    expect(refused.body).toMatchObject({ earliestEligibleOn: '2026-08-29' });
    expect(await types(recordId)).toEqual(before);
  });

  it('from that day an application writes the due lapse first, then itself; a grant delists, and the award ban runs on', async () => {
    const recordId = await lateRectified();
    ledger.clock.setToday('2026-09-01');
    const applied = expectStatus(await apply(recordId, '2026-09-01'), 201);
    const events = await api.stream(`record-${recordId}`);
    expect(events.map((e) => e.type).slice(-5)).toEqual(['RectificationDeadlineLapsed', 'InstitutionListed', 'AwardBanImposed', 'AccountabilityRequired', 'RepairApplied']);
    expect(events.find((e) => e.type === 'InstitutionListed')?.data).toMatchObject({ listedOn: '2026-02-28' });
    expect(events.find((e) => e.type === 'RectificationDeadlineLapsed')?.metadata).toMatchObject({ commandId: `lapse:${recordId}`, actor: { sub: 'deadline-watcher' } });

    await api.ok(`/v1/records/${recordId}/repair-applications/${applied.body.applicationId}/decision`, 'credit-office', { decidedOn: '2026-09-01', granted: true, reason: '符合修复条件' }, 200);
    expect((await types(recordId)).slice(-3)).toEqual(['RepairDecided', 'PublicationEnded', 'InstitutionDelisted']);
    const check = await api.ok<{ outcome: string; findings: Array<{ kind: string }> }>('/v1/checks', 'approver', { subject: { kind: 'INSTITUTION', id: U2 }, matter: 'AWARD_EVALUATION', on: '2026-09-01', caseRef: '评优-r' }, 201);
    expect(check.outcome).toBe('RESTRICTED');
    expect(check.findings.map((f) => f.kind)).toContain('AWARD_BAN');
  });

  it('a grant decided while a lapse is due is held to the listing it makes: refused with its earliest day, nothing written', async () => {
    // Applied for on the record's own terms, before any order; ordered after, and rectified late.
    ledger.clock.setToday('2026-07-15');
    const recordId = await api.record(U2, '2026-01-10');
    const applied = expectStatus(await apply(recordId, '2026-07-15'), 201);
    ledger.clock.setToday('2026-07-16');
    await api.order(recordId, '2026-07-16', '2026-07-31');
    ledger.clock.setToday('2026-08-05');
    const { reportId } = await api.ok(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn: '2026-08-04', evidence: '已清偿' }, 201, { uscc: U2 });
    await api.ok(`/v1/records/${recordId}/rectification-reports/${reportId}/review`, 'credit-office', { reviewedOn: '2026-08-05', accepted: true }, 200);
    const before = await types(recordId);
    const decide = (granted: boolean) =>
      api.post(`/v1/records/${recordId}/repair-applications/${applied.body.applicationId}/decision`, 'credit-office', { decidedOn: '2026-08-05', granted, reason: granted ? '符合修复条件' : '暂缓' });
    const refused = await expectRefused(ledger, () => decide(true), 422, 'REPAIR_NOT_YET_ELIGIBLE');
    // Listed from 2026-08-01 for at least 6 months: repair from 2027-02-02.
    expect(refused.body).toMatchObject({ earliestEligibleOn: '2027-02-02' });
    expect(await types(recordId)).toEqual(before);
    // A refusal of the application is recorded as the record stands: it reads no listing.
    expectStatus(await decide(false), 200);
    expect(await types(recordId)).toEqual([...before, 'RepairDecided']);
  });

  it('under If-Match an application the due lapse lets through writes the lapse, answers 412 with the new revision, and goes through when sent with it', async () => {
    const recordId = await lateRectified();
    ledger.clock.setToday('2026-09-01');
    const revision = (await api.stream(`record-${recordId}`)).length - 1;
    const before = await types(recordId);
    const refused = await api.post(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn: '2026-09-01', pledgeSigned: true, evidence: '信用承诺书' }, { uscc: U2, ifMatch: `"${revision}"` });
    expect(refused.status).toBe(412);
    expect(refused.body).toMatchObject({ code: 'PRECONDITION_FAILED', currentRevision: revision + 4, lapsedOn: '2026-02-28' });
    // The lapse (a due fact, as the watcher would write it), not the application.
    expect(await types(recordId)).toEqual([...before, 'RectificationDeadlineLapsed', 'InstitutionListed', 'AwardBanImposed', 'AccountabilityRequired']);
    const etag = (await api.get(`/v1/records/${recordId}`, 'credit-office')).headers.etag;
    expect(etag).toBe(`"${revision + 4}"`);
    expectStatus(await apply(recordId, '2026-09-01', { ifMatch: etag }), 201);
    expect((await types(recordId)).at(-1)).toBe('RepairApplied');
  });
});
