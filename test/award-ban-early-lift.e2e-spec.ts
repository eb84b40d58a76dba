import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853001');

/**
 * AwardBanLiftedEarly happens once per ban (domain.md §4.6): a second decision, even one dated
 * before the first, is refused and does not move the ban's end.
 */
describe('award ban: early lift through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let recordId: string;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-01-20');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
    await api.appointLeader(U, 'p-sun', '2025-01-01', '孙某');
    const lapse = await api.lapsedRecord(U, { findingOn: '2026-01-10', orderedOn: '2026-01-15', deadline: '2026-03-31', sweepOn: '2026-06-01' });
    recordId = lapse.recordId;
    expect(lapse.lapsed).toBe(1);
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('an unknown ban is 404 AWARD_BAN_NOT_FOUND whatever its id looks like, and appends nothing', async () => {
    const lift = { on: '2026-05-10', legalBasis: '第十条', decisionNo: '济高信用〔2026〕8号', reason: '已纠正' };
    for (const banId of ['ban-nope', 'xyz']) {
      await expectRefused(ledger, () => api.post(`/v1/award-bans/${banId}/early-lift`, 'credit-office', lift), 404, 'AWARD_BAN_NOT_FOUND');
    }
  });

  it('a second early lift, back-dated before the first, is 422 AWARD_BAN_NOT_ACTIVE and appends nothing', async () => {
    const banId = `ban-${recordId}`;
    const lift = {
      on: '2026-05-10',
      legalBasis: '《失信行为纠正后的信用信息修复管理办法》第十条',
      decisionNo: '济高信用〔2026〕9号',
      reason: '已纠正失信行为',
    };
    // Lifted by another officer than the one who later voids the ban.
    expectStatus(await ledger.http.post(`/v1/award-bans/${banId}/early-lift`).set({ Authorization: `Bearer ${ledger.token('credit-office', 'officer-li')}` }).send(lift), 200);

    const head = await ledger.eventCount();
    const streamLength = (await api.stream(`record-${recordId}`)).length;
    const again = await api.post(`/v1/award-bans/${banId}/early-lift`, 'credit-office', { ...lift, on: '2026-04-20', decisionNo: '济高信用〔2026〕10号' });
    expect(again.status).toBe(422);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 422, code: 'AWARD_BAN_NOT_ACTIVE', banStatus: 'LIFTED_EARLY', liftedOn: '2026-05-10' });
    const sameDay = await api.post(`/v1/award-bans/${banId}/early-lift`, 'credit-office', { ...lift, decisionNo: '济高信用〔2026〕11号' });
    expect(sameDay.status).toBe(422);
    expect(sameDay.body.code).toBe('AWARD_BAN_NOT_ACTIVE');

    expect(await ledger.eventCount()).toBe(head);
    const events = await api.stream(`record-${recordId}`);
    expect(events).toHaveLength(streamLength);
    expect(events.filter((e) => e.type === 'AwardBanLiftedEarly').map((e) => e.data.on)).toEqual(['2026-05-10']);
    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'auditor'), 200);
    expect(record.body.awardBans[0]).toMatchObject({ banId, status: 'LIFTED_EARLY', endedOn: '2026-05-10', endedBy: { decisionNo: '济高信用〔2026〕9号' } });
  });

  it('lifted early, then voided when the record is revoked: the list and the archive give the voiding’s reason and actor, and both still show the lift and who made it', async () => {
    const banId = `ban-${recordId}`;
    const filed = await api.ok<{ objectionId: string; position: string }>(`/v1/records/${recordId}/objections`, 'subject', { filedOn: '2026-05-20', grounds: '认定错误' }, 201, { uscc: U });
    const decided = await api.ok<{ position: string }>(
      `/v1/records/${recordId}/objections/${filed.objectionId}/decision`,
      'credit-office',
      { decidedOn: '2026-05-25', outcome: 'RECORD_REVOKED', reason: '认定主体错误' },
      200,
    );
    const lift = { on: '2026-05-10', legalBasis: '《失信行为纠正后的信用信息修复管理办法》第十条', decisionNo: '济高信用〔2026〕9号', reason: '已纠正失信行为' };
    const expected = {
      banId,
      status: 'VOIDED',
      endedOn: '2026-05-25',
      endedBy: { type: 'AwardBanVoided', reason: 'RECORD_REVOKED', actor: { sub: 'test-credit-office', role: 'credit-office' } },
      liftedEarly: { ...lift, actor: { sub: 'officer-li', role: 'credit-office' } },
    };
    const list = expectStatus(await api.get(`/v1/lists/award-bans?subjectId=${U}&consistentWith=${decided.position}`, 'auditor'), 200);
    expect(list.body.items).toEqual([expect.objectContaining(expected)]);
    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'auditor'), 200);
    expect(record.body.awardBans[0]).toMatchObject(expected);
  });
});
