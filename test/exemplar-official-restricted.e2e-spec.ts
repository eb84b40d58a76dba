import { CommandDriver, uscc } from './support/command-driver';
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
