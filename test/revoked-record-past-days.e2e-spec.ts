import { CommandDriver, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853503');

/**
 * `RECORD_REVOKED`: the record was wrong from the start (domain.md §4.5). A credit check about a
 * day before the revocation no longer finds it, nor does the grey list on such a day; `knownAt`
 * still shows what the grey list said before.
 */
describe('a record revoked as wrong counts on no date, through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeEach(async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区财政局', '370102');
  });
  afterEach(async () => ledger.stop());

  const revoke = async (recordId: string) => {
    const { objectionId } = await api.ok<{ objectionId: string }>(`/v1/records/${recordId}/objections`, 'subject', { filedOn: '2026-04-01', grounds: '认定主体错误' }, 201, { uscc: U });
    return api.ok<{ position: string }>(`/v1/records/${recordId}/objections/${objectionId}/decision`, 'credit-office', { decidedOn: '2026-04-10', outcome: 'RECORD_REVOKED', reason: '认定主体错误' }, 200);
  };
  const check = (matter: string, subject: Record<string, string>, on: string) =>
    api.ok<{ outcome: string; findings: unknown[] }>('/v1/checks', 'approver', { subject, matter, on, caseRef: `case-${on}` }, 201);

  it("an official's promotion check about a day before the revocation is CLEAR", async () => {
    await api.ok('/v1/officials', 'registrar', { personId: 'p-sun', name: '孙某', institutionUscc: U, post: '科长' }, 201);
    const recordId = await api.record(U, '2026-03-10', { subject: { kind: 'OFFICIAL', id: 'p-sun', institutionUscc: U }, category: 'NEW_OFFICIAL_IGNORES_OLD_DEBTS', severity: 'GENERAL' });
    const official = { kind: 'OFFICIAL', id: 'p-sun' };
    expect(await check('PROMOTION', official, '2026-04-09')).toMatchObject({ outcome: 'RESTRICTED' });
    await revoke(recordId);
    expect(await check('PROMOTION', official, '2026-04-09')).toEqual(expect.objectContaining({ outcome: 'CLEAR', findings: [] }));
  });

  it('the grey list on a day before the revocation no longer shows the institution; knownAt before it still does', async () => {
    const recordId = await api.record(U, '2026-03-10');
    const greyOn = async (query: string) => (await api.get(`/v1/lists/key-attention?${query}`, 'supervisor').expect(200)).body.items;
    const head = String(await ledger.store.headPosition());
    expect(await greyOn(`on=2026-04-01&consistentWith=${head}`)).toEqual([expect.objectContaining({ uscc: U, reasons: ['SERIOUS_RECORD_NOT_LISTED'] })]);
    const before = ledger.clock.now().toISOString();
    ledger.clock.set(new Date(ledger.clock.now().getTime() + 60_000));
    const { position } = await revoke(recordId);
    expect(await greyOn(`on=2026-04-01&consistentWith=${position}`)).toEqual([]);
    expect(await greyOn(`on=2026-04-01&knownAt=${encodeURIComponent(before)}&consistentWith=${position}`)).toEqual([
      expect.objectContaining({ uscc: U, reasons: ['SERIOUS_RECORD_NOT_LISTED'] }),
    ]);
    expect(await check('AWARD_EVALUATION', { kind: 'INSTITUTION', id: U }, '2026-04-01')).toMatchObject({ outcome: 'CLEAR', findings: [] });
  });
});
