import { CommandDriver, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853301');

/**
 * The jinan-hitech profile (JNGX-2020-2) keeps a listing published its full three years ("not
 * before expiry"): a listed record's earliest repair day comes only after the record and the
 * listing have left publication, so the refusal says repair is not available.
 */
describe('repair under a profile whose listing may not end before it expires, through HTTP', () => {
  let ledger: TestLedger;
  afterEach(async () => ledger.stop());

  it('answers 422 REPAIR_NOT_YET_ELIGIBLE with repairable: false and appends nothing; the national profile answers repairable: true', async () => {
    ledger = await TestLedger.start({ policyProfile: 'jinan-hitech' }, '2026-01-05');
    let api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
    const { recordId } = await api.lapsedRecord(U, { findingOn: '2025-12-01', orderedOn: '2025-12-10', deadline: '2025-12-31' });
    const apply = () => api.post(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn: '2026-01-05', pledgeSigned: true, evidence: '信用承诺书' }, { uscc: U });

    const refused = await expectRefused(ledger, apply, 422, 'REPAIR_NOT_YET_ELIGIBLE');
    // Listed 2026-01-01 for three years, not before expiry: the earliest day is after the listing's last day.
    expect(refused.body).toMatchObject({ earliestEligibleOn: '2029-01-02', repairable: false });
    // The record's view says so beside the earliest day, before anyone applies.
    const view = await api.get(`/v1/records/${recordId}`, 'credit-office').expect(200);
    expect(view.body.publication).toMatchObject({ earliestRepairOn: '2029-01-02', repairable: false });

    await ledger.stop();
    ledger = await TestLedger.start({}, '2026-01-05');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
    const national = await api.lapsedRecord(U, { findingOn: '2025-12-01', orderedOn: '2025-12-10', deadline: '2025-12-31' });
    const early = await expectRefused(
      ledger,
      () => api.post(`/v1/records/${national.recordId}/repair-applications`, 'subject', { appliedOn: '2026-01-05', pledgeSigned: true, evidence: '信用承诺书' }, { uscc: U }),
      422,
      'REPAIR_NOT_YET_ELIGIBLE',
    );
    expect(early.body).toMatchObject({ repairable: true });
    const nationalView = await api.get(`/v1/records/${national.recordId}`, 'credit-office').expect(200);
    expect(nationalView.body.publication).toMatchObject({ earliestRepairOn: early.body.earliestEligibleOn, repairable: true });
  });
});
