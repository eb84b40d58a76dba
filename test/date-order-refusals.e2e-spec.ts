import { CommandDriver, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853401');

/** Dates that must follow the facts they answer, through HTTP: 400 naming the field, nothing appended. */
describe('dates before the facts they answer, through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
    await api.appointLeader(U, 'p-zhou', '2025-01-01', '周某');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  /** Posts, expects 400 VALIDATION_FAILED naming `field`, and that the log did not grow. */
  const refused = async (path: string, role: Parameters<CommandDriver['post']>[1], body: object, field: string, options = {}) => {
    const response = await expectRefused(ledger, () => api.post(path, role, body, options), 400, 'VALIDATION_FAILED');
    expect(response.body).toMatchObject({ errors: [expect.objectContaining({ field })] });
  };

  it('an accountability decision dated before the obligation the lapse opened', async () => {
    const { recordId } = await api.lapsedRecord(U, { findingOn: '2026-01-10', orderedOn: '2026-01-15', deadline: '2026-03-31' });
    const decision = { personId: 'p-zhou', measure: 'ADMONISHMENT', documentNo: '纪〔2026〕1号', authority: '区纪委' };
    await refused(`/v1/records/${recordId}/accountability-decisions`, 'discipline', { ...decision, decidedOn: '2026-03-31' }, 'decidedOn');
    await api.ok(`/v1/records/${recordId}/accountability-decisions`, 'discipline', { ...decision, decidedOn: '2026-04-01' }, 201);
  });

  it('a report dated before the rejection it follows, and a corrected findingOn after the order that answered it', async () => {
    const recordId = await api.record(U, '2026-01-10');
    await api.order(recordId, '2026-01-15', '2026-12-31');
    const report = (reportedOn: string) => api.ok<{ reportId: string }>(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn, evidence: '凭证' }, 201, { uscc: U });
    const { reportId } = await report('2026-02-01');
    await api.ok(`/v1/records/${recordId}/rectification-reports/${reportId}/review`, 'credit-office', { reviewedOn: '2026-02-05', accepted: false, reason: '未结清' }, 200);
    await refused(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn: '2026-02-04', evidence: '凭证' }, 'reportedOn', { uscc: U });
    await report('2026-02-05');

    const { objectionId } = await api.ok<{ objectionId: string }>(`/v1/records/${recordId}/objections`, 'subject', { filedOn: '2026-02-10', grounds: '认定日期有误' }, 201, { uscc: U });
    await refused(
      `/v1/records/${recordId}/objections/${objectionId}/decision`,
      'credit-office',
      { decidedOn: '2026-02-12', outcome: 'CORRECTED', reason: '更正', corrections: { findingOn: '2026-01-20' } },
      'corrections.findingOn',
    );
  });

  it('a rectification order back-dated to or before the day a repair was granted', async () => {
    const recordId = await api.record(U, '2025-06-01', { severity: 'GENERAL' });
    const { applicationId } = await api.ok<{ applicationId: string }>(
      `/v1/records/${recordId}/repair-applications`,
      'credit-office',
      { appliedOn: '2025-10-01', pledgeSigned: true, evidence: '信用承诺书' },
      201,
    );
    await api.ok(`/v1/records/${recordId}/repair-applications/${applicationId}/decision`, 'credit-office', { decidedOn: '2025-10-10', granted: true, reason: '整改到位' }, 200);
    for (const orderedOn of ['2025-07-01', '2025-10-10']) {
      await refused(`/v1/records/${recordId}/rectification-orders`, 'credit-office', { orderedOn, deadline: '2025-11-30', requirements: '清偿欠款' }, 'orderedOn');
    }
    await api.order(recordId, '2025-10-11', '2025-11-30');
  });
});
