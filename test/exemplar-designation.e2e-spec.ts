import { CommandDriver, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853002');

/**
 * 失信者不得评优 (domain.md §4.4, §4.7) by valid time: a red-list designation is refused if the
 * subject is banned or listed on any day of its period up to today, so a back-dated designation
 * cannot slip in before a listing that is already in the log (the listing saga has run by then).
 */
describe('red list: a back-dated designation through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let recordId: string;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-01-20');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
    await api.appointLeader(U, 'p-qian', '2025-01-01', '钱某');
    // Listed and banned from 2026-04-01.
    const lapse = await api.lapsedRecord(U, { findingOn: '2026-01-10', orderedOn: '2026-01-15', deadline: '2026-03-31', sweepOn: '2026-06-01' });
    recordId = lapse.recordId;
    expect(lapse.lapsed).toBe(1);
  });
  afterAll(async () => {
    await ledger.stop();
  });

  const exemplar = (exemplarId: string, designatedOn: string, validUntil?: string) => ({
    exemplarId,
    subject: { kind: 'INSTITUTION', id: U },
    title: '诚信建设示范单位',
    basis: '市信用办评定',
    designatedOn,
    ...(validUntil !== undefined && { validUntil }),
  });

  it('dated before a listing already in the log, it is 422 AWARD_BAN_ACTIVE and appends nothing', async () => {
    const head = await ledger.eventCount();
    const refused = await api.post('/v1/exemplars', 'credit-office', exemplar('exm-backdated', '2026-03-01'));
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 422, code: 'AWARD_BAN_ACTIVE', banId: `ban-${recordId}`, on: '2026-04-01' });

    const untilListing = await api.post('/v1/exemplars', 'credit-office', exemplar('exm-until-listing', '2026-03-01', '2026-04-01'));
    expect(untilListing.status).toBe(422);
    expect(untilListing.body.code).toBe('AWARD_BAN_ACTIVE');

    expect(await ledger.eventCount()).toBe(head);
    expect(await api.stream('exemplar-exm-backdated')).toEqual([]);
    expect(await api.stream('exemplar-exm-until-listing')).toEqual([]);
    // Read once the red list has applied the whole log, the refused designations included had they been written.
    const redList = await api.get(`/v1/lists/exemplars?on=2026-05-01&consistentWith=${head}`, 'auditor');
    expect(redList.status).toBe(200);
    expect(redList.body.items).toEqual(expect.any(Array));
    expect(JSON.stringify(redList.body)).not.toContain(U);
  });

  it('a designation whose period ended before the listing is recorded', async () => {
    await api.ok('/v1/exemplars', 'credit-office', exemplar('exm-earlier', '2026-02-01', '2026-03-31'), 201);
    expect((await api.stream('exemplar-exm-earlier')).map((e) => e.type)).toEqual(['ExemplarDesignated']);
  });

  it("a revocation by hand may not give the listing saga's reason JOINT_PUNISHMENT: 400 on reason, nothing appended", async () => {
    const refused = await expectRefused(ledger, () => api.post('/v1/exemplars/exm-earlier/revocation', 'credit-office', { on: '2026-03-01', reason: 'JOINT_PUNISHMENT' }), 400, 'VALIDATION_FAILED');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    await api.ok('/v1/exemplars/exm-earlier/revocation', 'credit-office', { on: '2026-03-01', reason: '评定依据不实' }, 200);
  });
});
