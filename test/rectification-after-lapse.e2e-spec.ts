import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853201');

/** One lapse per record (domain.md §4.4), through HTTP: what a lapse rules out is refused with 422 and appends nothing. */
describe('rectification around a lapse, through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeEach(async () => {
    ledger = await TestLedger.start({}, '2026-01-20');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
  });
  afterEach(async () => {
    await ledger.stop();
  });

  const report = (recordId: string, reportedOn: string) =>
    api.post(`/v1/records/${recordId}/rectification-reports`, 'subject', { reportedOn, evidence: '付款凭证' }, { uscc: U });

  it('after the lapse, a report dated on or before the deadline is 422 RECTIFICATION_ALREADY_LAPSED and appends nothing; a late one is taken', async () => {
    const { recordId, lapsed } = await api.lapsedRecord(U, { findingOn: '2026-01-10', orderedOn: '2026-01-15', deadline: '2026-03-31', sweepOn: '2026-04-03' });
    expect(lapsed).toBe(1);
    const before = await ledger.eventCount();
    const refused = expectStatus(await report(recordId, '2026-03-31'), 422);
    expect(refused.body).toMatchObject({ code: 'RECTIFICATION_ALREADY_LAPSED', lapsedOn: '2026-04-01', deadline: '2026-03-31' });
    expect(await ledger.eventCount()).toBe(before);
    expectStatus(await report(recordId, '2026-04-02'), 201);
  });

  it('while the first order’s lapse is due (a late rectification accepted before the sweep), a second order is 422 and appends nothing', async () => {
    const recordId = await api.record(U, '2026-01-10');
    await api.order(recordId, '2026-01-15', '2026-03-31');
    ledger.clock.setToday('2026-04-03');
    const { reportId } = expectStatus(await report(recordId, '2026-04-02'), 201).body as { reportId: string };
    await api.ok(`/v1/records/${recordId}/rectification-reports/${reportId}/review`, 'credit-office', { reviewedOn: '2026-04-03', accepted: true }, 200);
    const before = await ledger.eventCount();
    const refused = expectStatus(
      await api.post(`/v1/records/${recordId}/rectification-orders`, 'credit-office', { orderedOn: '2026-04-03', deadline: '2026-05-03', requirements: '再次整改' }),
      422,
    );
    expect(refused.body).toMatchObject({ code: 'RECTIFICATION_ALREADY_LAPSED', orderId: 'order-1', lapsedOn: '2026-04-01' });
    expect(await ledger.eventCount()).toBe(before);
    // The sweep then lapses the record, once.
    expect(await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).toMatchObject({ lapsed: 1 });
    expect(await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).toMatchObject({ lapsed: 0 });
  });

  it('a repair applied for before the lapse is not granted on the strength of that application: 422 REPAIR_NOT_YET_ELIGIBLE with the listing’s day, nothing appended', async () => {
    // Found 2025-01-10: the record's minimum ran to 2025-07-10, so the application of 2025-07-15 is admissible.
    const recordId = await api.record(U, '2025-01-10');
    const { applicationId } = await api.ok(`/v1/records/${recordId}/repair-applications`, 'subject', { appliedOn: '2025-07-15', pledgeSigned: true, evidence: '信用承诺书' }, 201, { uscc: U });
    await api.order(recordId, '2025-07-16', '2025-07-31');
    expect(await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).toMatchObject({ lapsed: 1 });
    const decide = (decidedOn: string, granted: boolean) =>
      api.post(`/v1/records/${recordId}/repair-applications/${applicationId}/decision`, 'credit-office', { decidedOn, granted, reason: '复核' });
    const before = await ledger.eventCount();
    // Listed 2025-08-01 with a minimum to 2026-02-01: a grant delisting it before then is refused.
    const refused = expectStatus(await decide('2026-01-20', true), 422);
    expect(refused.body).toMatchObject({ code: 'REPAIR_NOT_YET_ELIGIBLE', earliestEligibleOn: '2026-02-02' });
    expect(await ledger.eventCount()).toBe(before);
    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'auditor'), 200);
    expect(record.body.listing).toMatchObject({ listedOn: '2025-08-01', listed: true });
    // The credit office can still refuse it, which frees the way for a new application later.
    expectStatus(await decide('2026-01-20', false), 200);
  });
});
