import { CommandDriver, uscc } from './support/command-driver';
import { eventually } from './support/polling';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853002');

/**
 * 失信者不得评优 (domain.md §4.4, §4.7) by valid time: a red-list designation is refused if the
 * subject is banned or listed on designatedOn. A back-dated one, designated before a listing that
 * is already in the log, is a fact of the title's history: it is recorded, and the listing saga
 * (answering the designation) revokes it from the listing day, so the red list shows it in force
 * until then and revoked after.
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

  it('dated on a day the institution was banned and listed, it is 422 AWARD_BAN_ACTIVE and appends nothing', async () => {
    const refused = await expectRefused(ledger, () => api.post('/v1/exemplars', 'credit-office', exemplar('exm-listed', '2026-04-01')), 422, 'AWARD_BAN_ACTIVE');
    expect(refused.body).toMatchObject({ status: 422, code: 'AWARD_BAN_ACTIVE', banId: `ban-${recordId}`, on: '2026-04-01' });
    expect(await api.stream('exemplar-exm-listed')).toEqual([]);
  });

  it('dated before a listing already in the log, it is recorded and revoked by the listing saga from the listing day', async () => {
    await api.ok('/v1/exemplars', 'credit-office', exemplar('exm-backdated', '2026-03-01'), 201);
    await api.ok('/v1/exemplars', 'credit-office', exemplar('exm-until-listing', '2026-03-01', '2026-04-01'), 201);
    for (const exemplarId of ['exm-backdated', 'exm-until-listing']) {
      const events = await eventually(
        () => api.stream(`exemplar-${exemplarId}`),
        (written) => written.length > 1,
      );
      expect(events.map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked']);
      expect(events[1].data).toEqual({ exemplarId, on: '2026-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: recordId });
    }
    const head = await ledger.store.headPosition();
    const onList = async (on: string) => {
      const response = await api.get(`/v1/lists/exemplars?on=${on}&consistentWith=${head}`, 'auditor');
      expect(response.status).toBe(200);
      return (response.body.items as Array<{ exemplarId: string }>).map((i) => i.exemplarId).sort();
    };
    expect(await onList('2026-03-31')).toEqual(['exm-backdated', 'exm-until-listing']);
    expect(await onList('2026-04-01')).toEqual([]);
    expect(await onList('2026-05-01')).toEqual([]);
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
