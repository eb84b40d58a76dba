import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2852001');
const OTHER = uscc('11370100MB2852002');

/**
 * The command API through HTTP: every POST this service has besides checks and the sweep, in the
 * order a credit office meets them. The lapse is written as the deadline watcher writes it.
 */
describe('commands: a walkthrough of the command API', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let recordId: string;
  let reportId: string;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-01-05');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '济南高新区管委会', '370100');
    await api.registerInstitution(OTHER, '某镇人民政府', '370112');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('appoints principal leaders; a person not yet known becomes an official', async () => {
    const body = await api.ok(`/v1/institutions/${U}/leaders`, 'registrar', { personId: 'p-wang', name: '王某', title: '主任', effectiveOn: '2025-01-01' }, 201);
    expect(body).toEqual({ uscc: U, personId: 'p-wang', position: expect.stringMatching(/^\d+$/) });
    const events = await api.stream(`institution-${U}`);
    expect(events.map((e) => e.type)).toEqual(['InstitutionRegistered', 'PrincipalLeaderAppointed', 'OfficialRegistered']);
    expect(events[1].metadata.actor).toEqual({ sub: 'test-registrar', role: 'registrar' });
  });

  it('registers officials once, system-wide', async () => {
    expect(await api.ok('/v1/officials', 'registrar', { personId: 'p-zhao', name: '赵某', institutionUscc: U, post: '科长' }, 201)).toEqual({
      personId: 'p-zhao',
      position: expect.any(String),
    });
    await expectRefused(ledger, () => api.post('/v1/officials', 'registrar', { personId: 'p-zhao', name: '赵某', institutionUscc: OTHER, post: '科员' }), 409, 'CONFLICT');
  });

  it('takes a commitment signed by the leader in office on madeOn only', async () => {
    const commitment = {
      commitmentId: 'cmt-walk',
      institutionUscc: U,
      kind: 'DEADLINE',
      domain: 'INVESTMENT_ATTRACTION',
      title: '招商引资奖励资金按期兑现',
      content: '2026年3月31日前兑现奖励资金',
      signedBy: 'p-zhao',
      madeOn: '2026-01-05',
      dueOn: '2026-03-31',
      channels: ['PORTAL', 'WECHAT'],
    };
    const refused = await expectRefused(ledger, () => api.post('/v1/commitments', 'registrar', commitment), 422, 'SIGNATORY_NOT_PRINCIPAL_LEADER');
    expect(refused.body).toMatchObject({ principalLeaderOn: 'p-wang' });
    expect(await api.ok('/v1/commitments', 'registrar', { ...commitment, signedBy: 'p-wang' }, 201)).toEqual({
      commitmentId: 'cmt-walk',
      position: expect.any(String),
    });
    const generated = await api.ok('/v1/commitments', 'registrar', { ...commitment, commitmentId: undefined, signedBy: 'p-wang' }, 201, { key: 'commit-2' });
    expect(generated.commitmentId).toMatch(/^cmt-[0-9a-f]{24}$/);
  });

  it('fulfils, and amends only for a lawful reason', async () => {
    const base = { institutionUscc: U, kind: 'SERVICE_QUALITY', domain: 'ADMINISTRATIVE_SERVICES', title: '一网通办', content: '线上办理', signedBy: 'p-wang', madeOn: '2026-01-05', dueOn: '2026-06-30', channels: ['APP'] };
    await api.ok('/v1/commitments', 'registrar', { ...base, commitmentId: 'cmt-kept' }, 201);
    expect(await api.ok('/v1/commitments/cmt-kept/fulfilment', 'registrar', { on: '2026-01-05', evidence: '验收报告' }, 200)).toEqual({
      commitmentId: 'cmt-kept',
      position: expect.any(String),
    });
    const kept = expectStatus(await api.get('/v1/commitments/cmt-kept', 'auditor'), 200);
    expect(kept.body).toMatchObject({ status: 'FULFILLED', fulfilment: { on: '2026-01-05', evidence: '验收报告' } });

    await api.ok('/v1/commitments', 'registrar', { ...base, commitmentId: 'cmt-amended' }, 201);
    await expectRefused(
      ledger,
      () => api.post('/v1/commitments/cmt-amended/amendments', 'registrar', { on: '2026-01-05', reasonCategory: 'LEADERSHIP_CHANGE', legalBasis: '换届' }),
      422,
      'LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON',
    );
    await api.ok('/v1/commitments/cmt-amended/amendments', 'registrar', { on: '2026-01-05', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '《优化营商环境条例》修订', newDueOn: '2026-09-30', compensation: '无' }, 200);
    const amended = expectStatus(await api.get('/v1/commitments/cmt-amended', 'registrar'), 200);
    expect(amended.body).toMatchObject({ status: 'AMENDED', dueOn: '2026-09-30', amendments: [{ reasonCategory: 'STATUTORY_CHANGE', newDueOn: '2026-09-30', previousDueOn: expect.any(String) }] });
    expect(amended.headers.etag).toBe('"1"');
  });

  it('a new leader does not void the old commitment: it is overdue, then breached, and the breach opens a record', async () => {
    await api.appointLeader(U, 'p-li', '2026-02-01', '李某');
    ledger.clock.setToday('2026-04-10');
    const overdue = expectStatus(await api.get('/v1/commitments/cmt-walk', 'subject', U), 200);
    expect(overdue.body).toMatchObject({ status: 'OVERDUE', signedBy: 'p-wang' });
    expect(overdue.headers.etag).toBe('"0"');

    const breach = await api.ok('/v1/commitments/cmt-walk/breach', 'credit-office', { on: '2026-04-10', description: '未按期兑现奖励资金', documentNo: '济高信用〔2026〕3号', authority: '济南高新区信用办' }, 201);
    expect(breach).toEqual({ commitmentId: 'cmt-walk', recordId: expect.stringMatching(/^rec-/), position: expect.any(String) });
    recordId = breach.recordId;

    const [breached] = (await api.stream('commitment-cmt-walk')).filter((e) => e.type === 'CommitmentBreached');
    const [recorded] = await api.stream(`record-${recordId}`);
    expect(recorded.type).toBe('DishonestyRecorded');
    expect(recorded.metadata.causationId).toBe(breached.id);
    expect(String(recorded.position)).toBe(breach.position);

    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'credit-office'), 200);
    expect(record.headers.etag).toBe('"0"');
    expect(record.body).toMatchObject({
      recordId,
      subject: { kind: 'INSTITUTION', id: U },
      category: 'COMMITMENT_UNFULFILLED',
      severity: 'GENERAL',
      domain: 'INVESTMENT_ATTRACTION',
      commitmentId: 'cmt-walk',
      finding: { type: 'COMMITMENT_BREACH', findingOn: '2026-04-10' },
      policyVersion: 'NDRC-2025-36',
      status: 'ACTIVE',
      underObjection: false,
      publication: { published: true, firstDay: '2026-04-10', lastDay: '2027-04-10', earliestRepairOn: '2026-07-11' },
      listing: null,
      awardBans: [],
    });
    const commitment = expectStatus(await api.get('/v1/commitments/cmt-walk', 'auditor'), 200);
    expect(commitment.body).toMatchObject({ status: 'BREACHED', breach: { on: '2026-04-10', recordId, severity: 'GENERAL' } });

    await expectRefused(
      ledger,
      () => api.post('/v1/commitments/cmt-walk/breach', 'credit-office', { on: '2026-04-10', description: 'x', documentNo: 'x', authority: 'x' }),
      422,
      'COMMITMENT_NOT_OPEN',
    );
  });

  it('orders rectification; the subject reports, the credit office rejects', async () => {
    expect(await api.ok(`/v1/records/${recordId}/rectification-orders`, 'credit-office', { orderedOn: '2026-04-10', deadline: '2026-05-10', requirements: '兑现奖励资金' }, 201)).toEqual({
      recordId,
      orderId: 'order-1',
      position: expect.any(String),
    });
    const report = await api.ok(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn: '2026-04-10', evidence: '已兑现一半' }, 201, { uscc: U });
    expect(report).toEqual({ recordId, reportId: expect.stringMatching(/^report-/), position: expect.any(String) });
    reportId = report.reportId;
    const [reported] = (await api.stream(`record-${recordId}`)).filter((e) => e.type === 'RectificationReported');
    expect(reported.metadata.actor).toEqual({ sub: 'test-subject', role: 'subject' });
    await api.ok(`/v1/records/${recordId}/rectification-reports/${reportId}/review`, 'credit-office', { reviewedOn: '2026-04-10', accepted: false, reason: '未全额兑现' }, 200);
  });

  it('after the lapse: listed on deadline + 1, three-year ban, accountability of the leader at the deadline; the discipline body decides', async () => {
    ledger.clock.setToday('2026-05-12');
    await api.lapse(recordId, '2026-05-12');
    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'discipline'), 200);
    expect(record.body).toMatchObject({
      rectification: { lapsed: true, lapsedOn: '2026-05-11', orders: [{ orderId: 'order-1', status: 'LAPSED' }] },
      listing: { listedOn: '2026-05-11', publicationLastDay: '2029-05-11', listed: true },
      awardBans: [{ banId: `ban-${recordId}`, startsOn: '2026-05-11', lastDay: '2029-05-11', status: 'ACTIVE', subject: { kind: 'INSTITUTION', id: U } }],
      accountability: { obligations: [{ obligationId: 'obligation-1', personId: 'p-li', role: 'LEADER_AT_DEADLINE', status: 'OPEN' }] },
    });

    const decided = await api.ok(`/v1/records/${recordId}/accountability-decisions`, 'discipline', { personId: 'p-li', measure: 'ADMONISHMENT', decidedOn: '2026-05-12', documentNo: '济高纪〔2026〕5号', authority: '高新区纪工委' }, 201);
    expect(decided).toEqual({ recordId, obligationId: 'obligation-1', position: expect.any(String) });
    const after = expectStatus(await api.get(`/v1/records/${recordId}`, 'auditor'), 200);
    expect(after.body.accountability.obligations[0]).toMatchObject({ status: 'DECIDED', closedOn: '2026-05-12' });
  });

  it('a late rectification is accepted; repair is refused before the earliest day, with the date, and granted after — the ban stays', async () => {
    const late = await api.ok(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn: '2026-05-12', evidence: '已全额兑现' }, 201, { uscc: U });
    await api.ok(`/v1/records/${recordId}/rectification-reports/${late.reportId}/review`, 'credit-office', { reviewedOn: '2026-05-12', accepted: true }, 200);

    ledger.clock.setToday('2026-07-20');
    const early = await expectRefused(
      ledger,
      () => api.post(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn: '2026-07-20', pledgeSigned: true, evidence: '信用承诺书' }, { uscc: U }),
      422,
      'REPAIR_NOT_YET_ELIGIBLE',
    );
    expect(early.body).toMatchObject({ earliestEligibleOn: '2027-05-12', repairable: true });

    ledger.clock.setToday('2027-05-12');
    const applied = await api.ok(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn: '2027-05-12', pledgeSigned: true, evidence: '信用承诺书' }, 201, { uscc: U });
    expect(applied).toEqual({ recordId, applicationId: expect.stringMatching(/^repair-/), position: expect.any(String) });
    await api.ok(`/v1/records/${recordId}/repair-applications/${applied.applicationId}/decision`, 'credit-office', { decidedOn: '2027-05-12', granted: true, reason: '符合修复条件' }, 200);

    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'subject', U), 200);
    expect(record.body.listing).toMatchObject({ delistedOn: '2027-05-12', delistReason: 'REPAIRED', listed: false });
    expect(record.body.awardBans[0]).toMatchObject({ status: 'ACTIVE' });
    expect(record.body.repairs[0]).toMatchObject({ applicationId: applied.applicationId, decision: { granted: true } });
  });

  it('a red-list title is refused while the ban is active; the ban ends only by an early lift with its legal basis', async () => {
    const exemplar = { subject: { kind: 'INSTITUTION', id: U }, title: '诚信之星', basis: '济高信用办〔2020〕2号', designatedOn: '2027-05-12' };
    const refused = await expectRefused(ledger, () => api.post('/v1/exemplars', 'credit-office', exemplar), 422, 'AWARD_BAN_ACTIVE');
    expect(refused.body).toMatchObject({ banId: `ban-${recordId}` });

    const lifted = await api.ok(`/v1/award-bans/ban-${recordId}/early-lift`, 'credit-office', { on: '2027-05-12', legalBasis: '《失信行为纠正后的信用信息修复管理办法》第十条', decisionNo: '济高信用〔2027〕9号', reason: '已纠正失信行为' }, 200);
    expect(lifted).toEqual({ banId: `ban-${recordId}`, recordId, position: expect.any(String) });
    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'auditor'), 200);
    expect(record.body.awardBans[0]).toMatchObject({
      status: 'LIFTED_EARLY',
      endedOn: '2027-05-12',
      endedBy: { type: 'AwardBanLiftedEarly', decisionNo: '济高信用〔2027〕9号', actor: { sub: 'test-credit-office', role: 'credit-office' } },
    });

    const designated = await api.ok('/v1/exemplars', 'credit-office', exemplar, 201);
    expect(designated).toEqual({ exemplarId: expect.stringMatching(/^exm-/), position: expect.any(String) });
    await api.ok(`/v1/exemplars/${designated.exemplarId}/revocation`, 'credit-office', { on: '2027-05-12', reason: '评选复核' }, 200);
    await expectRefused(ledger, () => api.post(`/v1/exemplars/${designated.exemplarId}/revocation`, 'credit-office', { on: '2027-05-12', reason: 'x' }), 422, 'EXEMPLAR_NOT_ACTIVE');
  });

  it('objection → CORRECTED records each changed field; RECORD_REVOKED ends listing, ban, publication and obligations; LISTING_REVOKED keeps the record', async () => {
    const corrected = await api.record(OTHER, '2027-05-01');
    const filed = await api.ok(`/v1/records/${corrected}/objections`, 'subject', { filedOn: '2027-05-12', grounds: '处罚决定书文号有误' }, 201, { uscc: OTHER });
    expect(filed).toEqual({ recordId: corrected, objectionId: expect.stringMatching(/^obj-/), position: expect.any(String) });
    expect(expectStatus(await api.get(`/v1/records/${corrected}`, 'supervisor'), 200).body.underObjection).toBe(true);
    await api.ok(`/v1/records/${corrected}/objections/${filed.objectionId}/decision`, 'credit-office', { decidedOn: '2027-05-12', outcome: 'CORRECTED', reason: '文号更正', corrections: { documentNo: '济罚〔2026〕2号', severity: 'GENERAL' } }, 200);
    const correctedView = expectStatus(await api.get(`/v1/records/${corrected}`, 'auditor'), 200).body;
    expect(correctedView).toMatchObject({ severity: 'GENERAL', finding: { documentNo: '济罚〔2026〕2号' }, underObjection: false });
    expect(correctedView.corrections[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'severity', oldValue: 'SERIOUS', newValue: 'GENERAL' },
        { field: 'documentNo', oldValue: '济罚〔2026〕1号', newValue: '济罚〔2026〕2号' },
      ]),
    );

    const revoked = await api.record(OTHER, '2027-03-01');
    await api.order(revoked, '2027-03-01', '2027-04-01');
    await api.lapse(revoked, '2027-05-12');
    const objection = await api.ok(`/v1/records/${revoked}/objections`, 'credit-office', { objectionId: 'obj-wrong-subject', filedOn: '2027-05-12', grounds: '主体认定错误' }, 201);
    expect(objection.objectionId).toBe('obj-wrong-subject');
    await api.ok(`/v1/records/${revoked}/objections/obj-wrong-subject/decision`, 'credit-office', { decidedOn: '2027-05-12', outcome: 'RECORD_REVOKED', reason: '主体认定错误' }, 200);
    const revokedView = expectStatus(await api.get(`/v1/records/${revoked}`, 'auditor'), 200).body;
    expect(revokedView).toMatchObject({
      status: 'REVOKED',
      listing: { delistReason: 'RECORD_REVOKED' },
      awardBans: [{ status: 'VOIDED', endedBy: { type: 'AwardBanVoided' } }],
      publication: { endReason: 'RECORD_REVOKED' },
      accountability: { obligations: [{ status: 'CANCELLED' }] },
    });
    const types = (await api.stream(`record-${revoked}`)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['DishonestyRecorded', 'InstitutionListed', 'AwardBanImposed', 'ObjectionDecided', 'RecordRevoked', 'InstitutionDelisted', 'AwardBanVoided']));
    await expectRefused(ledger, () => api.post(`/v1/records/${revoked}/objections`, 'subject', { filedOn: '2027-05-12', grounds: 'x' }, { uscc: OTHER }), 422, 'RECORD_REVOKED');

    const listingOnly = await api.record(OTHER, '2027-03-02');
    await api.order(listingOnly, '2027-03-02', '2027-04-02');
    await api.lapse(listingOnly, '2027-05-12');
    const obj = await api.ok(`/v1/records/${listingOnly}/objections`, 'subject', { filedOn: '2027-05-12', grounds: '整改报告已按期提交' }, 201, { uscc: OTHER });
    await api.ok(`/v1/records/${listingOnly}/objections/${obj.objectionId}/decision`, 'credit-office', { decidedOn: '2027-05-12', outcome: 'LISTING_REVOKED', reason: '整改按期' }, 200);
    const listingView = expectStatus(await api.get(`/v1/records/${listingOnly}`, 'auditor'), 200).body;
    expect(listingView).toMatchObject({ status: 'ACTIVE', listing: { delistReason: 'LISTING_REVOKED' }, awardBans: [{ status: 'VOIDED' }] });
    await expectRefused(
      ledger,
      () => api.post(`/v1/records/${listingOnly}/objections/${obj.objectionId}/decision`, 'credit-office', { decidedOn: '2027-05-12', outcome: 'REJECTED', reason: 'x' }),
      422,
      'OBJECTION_ALREADY_DECIDED',
    );
  });

  it("records about officials: no rectification order, but mitigation by the discipline body", async () => {
    const official = await api.record(U, '2027-05-01', { subject: { kind: 'OFFICIAL', id: 'p-zhao', institutionUscc: U }, category: 'NEW_OFFICIAL_IGNORES_OLD_DEBTS' });
    await expectRefused(
      ledger,
      () => api.post(`/v1/records/${official}/rectification-orders`, 'credit-office', { orderedOn: '2027-05-12', deadline: '2027-06-12', requirements: 'x' }),
      422,
      'RECTIFICATION_ONLY_FOR_INSTITUTIONS',
    );
    await api.ok(`/v1/records/${official}/mitigation`, 'discipline', { decidedOn: '2027-05-12', effect: 'EXEMPTED', basis: '主动挽回损失' }, 200);
    expect(expectStatus(await api.get(`/v1/records/${official}`, 'discipline'), 200).body).toMatchObject({
      subject: { kind: 'OFFICIAL', id: 'p-zhao', institutionUscc: U },
      mitigation: { personId: 'p-zhao', effect: 'EXEMPTED' },
    });
    await expectRefused(
      ledger,
      () =>
        api.post('/v1/records', 'credit-office', {
          subject: { kind: 'OFFICIAL', id: 'p-nobody', institutionUscc: U },
          category: 'OTHER',
          severity: 'MINOR',
          domain: 'OTHER',
          occurredOn: '2027-05-01',
          description: 'x',
          finding: { type: 'VERIFIED_COMPLAINT', documentNo: 'x', authority: 'x', findingOn: '2027-05-01' },
        }),
      404,
      'SUBJECT_NOT_FOUND',
    );
  });

  it('every event written through the API names who wrote it (sub and role)', async () => {
    const events = await ledger.store.readAll();
    const viaApi = events.filter((e) => (e.metadata.actor as { role: string }).role !== 'system');
    expect(viaApi.length).toBeGreaterThan(20);
    for (const event of viaApi) {
      expect(event.metadata.actor).toEqual({ sub: expect.stringMatching(/^test-/), role: expect.any(String) });
    }
  });

  it('documents every command in /docs-json', async () => {
    const paths = Object.keys((await ledger.http.get('/docs-json').expect(200)).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/institutions/{uscc}/leaders',
        '/v1/officials',
        '/v1/commitments',
        '/v1/commitments/{id}',
        '/v1/commitments/{id}/fulfilment',
        '/v1/commitments/{id}/breach',
        '/v1/commitments/{id}/amendments',
        '/v1/records',
        '/v1/records/{id}',
        '/v1/records/{id}/rectification-orders',
        '/v1/records/{id}/rectification-reports',
        '/v1/records/{id}/rectification-reports/{reportId}/review',
        '/v1/records/{id}/accountability-decisions',
        '/v1/records/{id}/mitigation',
        '/v1/records/{id}/objections',
        '/v1/records/{id}/objections/{objectionId}/decision',
        '/v1/records/{id}/repair-applications',
        '/v1/records/{id}/repair-applications/{applicationId}/decision',
        '/v1/award-bans/{banId}/early-lift',
        '/v1/exemplars',
        '/v1/exemplars/{id}/revocation',
      ]),
    );
  });
});

describe('commands: a commitment’s dates follow its amendments', () => {
  const I = uscc('11370100MB2852003');
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-08-10');
    api = new CommandDriver(ledger);
    await api.registerInstitution(I);
    await api.appointLeader(I, 'p-sun', '2025-01-01');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('a fulfilment dated before an amendment on record is 400 on `on` and appends nothing; on or after it, it is taken', async () => {
    const commitment = { commitmentId: 'cmt-dated', institutionUscc: I, kind: 'DEADLINE', domain: 'ADMINISTRATIVE_SERVICES', title: '审批提速', content: '6月1日前上线', signedBy: 'p-sun', madeOn: '2026-05-01', dueOn: '2026-06-01', channels: ['PORTAL'] };
    await api.ok('/v1/commitments', 'registrar', commitment, 201);
    await api.ok('/v1/commitments/cmt-dated/amendments', 'registrar', { on: '2026-08-01', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '《优化营商环境条例》修订', newDueOn: '2026-12-31' }, 200);

    const early = await expectRefused(ledger, () => api.post('/v1/commitments/cmt-dated/fulfilment', 'registrar', { on: '2026-07-01', evidence: '上线公告' }), 400, 'VALIDATION_FAILED');
    expect(early.body).toMatchObject({ errors: [{ field: 'on', message: 'must not be before the latest amendment’s on' }] });
    expect(expectStatus(await api.get('/v1/commitments/cmt-dated', 'auditor'), 200).body).toMatchObject({ status: 'AMENDED', dueOn: '2026-12-31' });

    await api.ok('/v1/commitments/cmt-dated/fulfilment', 'registrar', { on: '2026-08-01', evidence: '上线公告' }, 200);
    expect(expectStatus(await api.get('/v1/commitments/cmt-dated', 'auditor'), 200).body).toMatchObject({ status: 'FULFILLED', fulfilment: { on: '2026-08-01' } });
  });
});
