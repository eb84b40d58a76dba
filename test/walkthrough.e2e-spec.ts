import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2859001');

/**
 * The lifecycle of issue 4, every step through HTTP with real tokens: commitment → leadership
 * change → breach → record → order → deadline passes → sweep → listing, ban, accountability →
 * trace → decision → late rectification → repair refused, then granted → delisted but still
 * banned → early lift.
 */
describe('walkthrough: from a public commitment to an early-lifted award ban', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let recordId: string;
  let position = '0';

  const get = async (path: string, role: Parameters<CommandDriver['get']>[1] = 'auditor') => {
    const separator = path.includes('?') ? '&' : '?';
    return expectStatus(await api.get(`${path}${separator}consistentWith=${position}`, role), 200).body;
  };
  /** Keeps the position of the latest write, for the next read's consistentWith. */
  const remember = <T,>(body: T): T => {
    position = (body as { position: string }).position;
    return body;
  };
  const awardCheck = async (on: string) =>
    remember(
      await api.ok('/v1/checks', 'approver', { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on, caseRef: `评优〔${on}〕` }, 201),
    ) as unknown as { outcome: string; findings: Array<{ ref: string }> };

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-01-05');
    api = new CommandDriver(ledger);
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('registers the institution, its leader and a commitment signed by that leader', async () => {
    await api.registerInstitution(U, '某市招商局', '370100');
    await api.appointLeader(U, 'p-wang', '2025-01-01', '王某');
    remember(
      await api.ok(
        '/v1/commitments',
        'registrar',
        {
          commitmentId: 'cmt-1',
          institutionUscc: U,
          kind: 'DEADLINE',
          domain: 'INVESTMENT_ATTRACTION',
          title: '招商奖励资金按期兑现',
          content: '2026年3月31日前兑现全部奖励资金',
          signedBy: 'p-wang',
          madeOn: '2026-01-05',
          dueOn: '2026-03-31',
          channels: ['PORTAL'],
        },
        201,
      ),
    );
  });

  it('appoints a new leader: the old commitment still stands (新官不理旧账 is no excuse)', async () => {
    await api.appointLeader(U, 'p-li', '2026-02-01', '李某');
    ledger.clock.setToday('2026-04-10');
    await expectRefused(
      ledger,
      () => api.post('/v1/commitments/cmt-1/amendments', 'registrar', { on: '2026-04-10', reasonCategory: 'LEADERSHIP_CHANGE', legalBasis: '领导班子调整' }),
      422,
      'LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON',
    );
  });

  it('records the breach, which opens a dishonesty record, and orders rectification', async () => {
    const breach = remember(
      await api.ok(
        '/v1/commitments/cmt-1/breach',
        'credit-office',
        { on: '2026-04-05', description: '逾期未兑现奖励资金', documentNo: '信办〔2026〕9号', authority: '市信用办', severity: 'SERIOUS' },
        201,
      ),
    );
    recordId = breach.recordId;
    expect(breach).toMatchObject({ commitmentId: 'cmt-1', recordId: expect.any(String) });
    const record = await get(`/v1/records/${recordId}`, 'credit-office');
    expect(record).toMatchObject({ recordId, category: 'COMMITMENT_UNFULFILLED', severity: 'SERIOUS', status: 'ACTIVE', policyVersion: 'NDRC-2025-36' });
    remember(await api.ok(`/v1/records/${recordId}/rectification-orders`, 'credit-office', { orderedOn: '2026-04-10', deadline: '2026-05-10', requirements: '兑现资金并公开说明' }, 201));
  });

  it('lets the deadline pass; the sweep lists on deadline + 1, bans for three years and requires accountability', async () => {
    ledger.clock.setToday('2026-05-20');
    const sweep = remember(await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200)) as unknown as { lapsed: number };
    expect(sweep.lapsed).toBe(1);

    const list = await get('/v1/lists/dishonest-institutions?on=2026-05-11', 'supervisor');
    expect(list.items).toEqual([expect.objectContaining({ uscc: U, recordId, listedOn: '2026-05-11', policyVersion: 'NDRC-2025-36' })]);
    expect((await get('/v1/lists/dishonest-institutions?on=2026-05-10', 'supervisor')).items).toEqual([]);

    const bans = await get(`/v1/lists/award-bans?subjectId=${U}&activeOn=2026-05-20`, 'credit-office');
    expect(bans.items).toEqual([
      expect.objectContaining({ banId: `ban-${recordId}`, recordId, startsOn: '2026-05-11', lastDay: '2029-05-11', status: 'ACTIVE' }),
    ]);

    const queue = await get('/v1/queues/accountability', 'discipline');
    expect(queue.items).toEqual(expect.arrayContaining([expect.objectContaining({ recordId, personId: 'p-li' })]));
  });

  it('traces who was accountable across the change of leadership', async () => {
    const trace = await get(`/v1/records/${recordId}/accountability-trace`, 'discipline');
    const roles = Object.fromEntries(trace.persons.map((p: { personId: string; roles: string[] }) => [p.personId, p.roles]));
    expect(roles['p-wang']).toEqual(expect.arrayContaining(['SIGNATORY']));
    expect(roles['p-li']).toEqual(expect.arrayContaining(['LEADER_AT_DEADLINE']));
  });

  it('clears the discipline queue with an accountability decision', async () => {
    remember(
      await api.ok(
        `/v1/records/${recordId}/accountability-decisions`,
        'discipline',
        { personId: 'p-li', measure: 'ADMONISHMENT', decidedOn: '2026-05-20', documentNo: '纪工委〔2026〕4号', authority: '区纪工委' },
        201,
      ),
    );
    const queue = await get('/v1/queues/accountability', 'discipline');
    expect(queue.items.filter((item: { recordId: string }) => item.recordId === recordId)).toEqual([]);
  });

  it('accepts a late rectification, which does not undo the listing', async () => {
    const report = remember(
      await api.ok(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn: '2026-05-20', evidence: '已兑现资金的银行回单' }, 201, { uscc: U }),
    );
    remember(await api.ok(`/v1/records/${recordId}/rectification-reports/${report.reportId}/review`, 'credit-office', { reviewedOn: '2026-05-20', accepted: true }, 200));
    const list = await get('/v1/lists/dishonest-institutions?on=2026-05-20', 'supervisor');
    expect(list.items.map((i: { uscc: string }) => i.uscc)).toContain(U);
  });

  it('refuses repair before the earliest day and names that day, then grants it on that day', async () => {
    const early = await expectRefused(
      ledger,
      () => api.post(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn: '2026-05-20', pledgeSigned: true, evidence: '信用承诺书' }, { uscc: U }),
      422,
      'REPAIR_NOT_YET_ELIGIBLE',
    );
    // NDRC-2025-36: a SERIOUS record and its listing both stay published at least one year; the
    // listing (2026-05-11) ends later, so the first eligible day is 2027-05-12.
    expect(early.body).toMatchObject({ earliestEligibleOn: '2027-05-12' });

    ledger.clock.setToday('2027-05-12');
    const application = remember(
      await api.ok(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn: '2027-05-12', pledgeSigned: true, evidence: '信用承诺书' }, 201, { uscc: U }),
    );
    remember(
      await api.ok(`/v1/records/${recordId}/repair-applications/${application.applicationId}/decision`, 'credit-office', { decidedOn: '2027-05-12', granted: true, reason: '整改到位' }, 200),
    );
  });

  it('delists on repair, but the ban is still ACTIVE and an award evaluation is still RESTRICTED', async () => {
    expect((await get('/v1/lists/dishonest-institutions?on=2027-05-12', 'supervisor')).items).toEqual([]);
    const bans = await get(`/v1/lists/award-bans?subjectId=${U}&activeOn=2027-05-12`, 'credit-office');
    expect(bans.items).toEqual([expect.objectContaining({ banId: `ban-${recordId}`, status: 'ACTIVE' })]);
    const check = await awardCheck('2027-05-12');
    expect(check.outcome).toBe('RESTRICTED');
    expect(check.findings.map((f) => f.ref)).toContain(`ban-${recordId}`);
  });

  it('lifts the ban early only with a legal basis and a decision number; then the check is no longer RESTRICTED', async () => {
    const url = `/v1/award-bans/ban-${recordId}/early-lift`;
    const withoutBasis = await expectRefused(ledger, () => api.post(url, 'credit-office', { on: '2027-05-12', decisionNo: '信办〔2027〕2号', reason: '信用修复完成' }), 400, 'VALIDATION_FAILED');
    expect([...new Set(withoutBasis.body.errors.map((e: { field: string }) => e.field))]).toEqual(['legalBasis']);

    remember(
      await api.ok(url, 'credit-office', { on: '2027-05-12', legalBasis: '《失信行为纠正后的信用信息修复管理办法》第十二条', decisionNo: '信办〔2027〕2号', reason: '信用修复完成' }, 200),
    );
    // Without activeOn the list shows every ban, with its status as of today.
    const bans = await get(`/v1/lists/award-bans?subjectId=${U}`, 'credit-office');
    expect(bans.items).toEqual([
      expect.objectContaining({
        status: 'LIFTED_EARLY',
        endedOn: '2027-05-12',
        endedBy: expect.objectContaining({ type: 'AwardBanLiftedEarly', decisionNo: '信办〔2027〕2号', legalBasis: expect.stringContaining('第十二条') }),
      }),
    ]);
    expect((await get(`/v1/lists/award-bans?subjectId=${U}&activeOn=2027-05-12`, 'credit-office')).items).toEqual([]);
    const activeBefore = await get(`/v1/lists/award-bans?subjectId=${U}&activeOn=2027-05-11`, 'credit-office');
    expect(activeBefore.items[0].status).toBe('ACTIVE');
    expect((await awardCheck('2027-05-12')).outcome).not.toBe('RESTRICTED');
  });
});

describe('objections that undo a listing', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    api = new CommandDriver(ledger);
  });
  afterAll(async () => {
    await ledger.stop();
  });

  /** A listed institution: record, order due 2026-06-10, swept on the 20th. */
  async function listed(body: string): Promise<{ uscc: string; recordId: string; position: string }> {
    const subject = uscc(body);
    ledger.clock.setToday('2026-06-01');
    await api.registerInstitution(subject);
    await api.appointLeader(subject, `p-${body.slice(-3)}`, '2025-01-01');
    const recordId = await api.record(subject, '2026-05-20');
    await api.order(recordId, '2026-06-01', '2026-06-10');
    ledger.clock.setToday('2026-06-20');
    const sweep = await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200);
    expect(sweep.lapsed).toBe(1);
    return { uscc: subject, recordId, position: sweep.position };
  }

  async function decideObjection(recordId: string, outcome: string): Promise<string> {
    const filed = await api.ok(`/v1/records/${recordId}/objections`, 'credit-office', { filedOn: '2026-06-20', grounds: '整改报告已按期提交' }, 201);
    return (await api.ok(`/v1/records/${recordId}/objections/${filed.objectionId}/decision`, 'credit-office', { decidedOn: '2026-06-20', outcome, reason: '经复核' }, 200)).position;
  }

  it('RECORD_REVOKED: delisted, the ban VOIDED on every date, publication ended — and the history keeps everything', async () => {
    const { uscc: subject, recordId } = await listed('11370100MB2859101');
    const before = (await api.stream(`record-${recordId}`)).map((e) => e.type);
    const position = await decideObjection(recordId, 'RECORD_REVOKED');

    const events = (await api.stream(`record-${recordId}`)).map((e) => e.type);
    expect(events.slice(0, before.length)).toEqual(before);
    expect(events).toEqual(expect.arrayContaining(['ObjectionFiled', 'ObjectionDecided', 'RecordRevoked', 'InstitutionDelisted', 'AwardBanVoided']));

    // The listing ends on the day of the revocation (domain.md §4.5); the ban counts as never in force.
    const onDecision = await api.get(`/v1/lists/dishonest-institutions?on=2026-06-20&consistentWith=${position}`, 'supervisor');
    expect(onDecision.body.items.map((i: { uscc: string }) => i.uscc)).not.toContain(subject);
    for (const day of ['2026-06-11', '2026-06-20', '2028-01-01']) {
      const bans = await api.get(`/v1/lists/award-bans?subjectId=${subject}&consistentWith=${position}`, 'auditor');
      expect(bans.body.items).toEqual([expect.objectContaining({ banId: `ban-${recordId}`, status: 'VOIDED' })]);
      expect((await api.get(`/v1/lists/award-bans?subjectId=${subject}&activeOn=${day}`, 'auditor')).body.items).toEqual([]);
    }
    const record = (await api.get(`/v1/records/${recordId}`, 'auditor')).body;
    expect(record.status).toBe('REVOKED');
    expect(record.listing).toMatchObject({ delistReason: 'RECORD_REVOKED' });
  });

  it('LISTING_REVOKED: delisted, the ban voided and the lapse\'s accountability cancelled, but the record stands', async () => {
    const { uscc: subject, recordId, position: swept } = await listed('11370100MB2859102');
    const inQueue = async (at: string) =>
      (await api.get(`/v1/queues/accountability?consistentWith=${at}`, 'discipline')).body.items.filter((item: { recordId: string }) => item.recordId === recordId);
    expect(await inQueue(swept)).toHaveLength(1);
    const position = await decideObjection(recordId, 'LISTING_REVOKED');
    const events = (await api.stream(`record-${recordId}`)).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['InstitutionDelisted', 'AwardBanVoided', 'AccountabilityObligationCancelled']));
    expect(events).not.toContain('RecordRevoked');
    const record = (await api.get(`/v1/records/${recordId}?consistentWith=${position}`, 'auditor')).body;
    expect(record).toMatchObject({ status: 'ACTIVE', listing: expect.objectContaining({ delistReason: 'LISTING_REVOKED' }) });
    // No leader answers for a lapse found wrong: the obligation leaves the discipline queue, and the record says why.
    expect(await inQueue(position)).toEqual([]);
    expect(record.accountability.obligations).toEqual([expect.objectContaining({ status: 'CANCELLED', closedOn: '2026-06-20', cancelReason: 'LISTING_REVOKED' })]);
    const cancelled = (await api.stream(`record-${recordId}`)).find((e) => e.type === 'AccountabilityObligationCancelled');
    expect(cancelled?.data).toMatchObject({ cancelledOn: '2026-06-20', reason: 'LISTING_REVOKED' });
    const bans = await api.get(`/v1/lists/award-bans?subjectId=${subject}&consistentWith=${position}`, 'auditor');
    expect(bans.body.items[0].status).toBe('VOIDED');
  });
});
