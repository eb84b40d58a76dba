import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853301');

/**
 * Two objections against one record; the first revokes it (domain.md §4.5). The second can no
 * longer be decided, so it must not keep the record "under objection" for ever.
 */
describe('objections left undecided on a revoked record, through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('the record and the objection queue stop showing it under objection; its listing is on no date', async () => {
    const { recordId } = await api.lapsedRecord(U, { findingOn: '2026-01-10', orderedOn: '2026-01-15', deadline: '2026-03-31' });
    const file = (filedOn: string) => api.ok<{ objectionId: string }>(`/v1/records/${recordId}/objections`, 'subject', { filedOn, grounds: '认定有误' }, 201, { uscc: U });
    const first = await file('2026-04-20');
    const second = await file('2026-04-21');
    const listOn = (position: string) => api.get(`/v1/lists/dishonest-institutions?on=2026-04-22&consistentWith=${position}`, 'auditor');

    const { position: before } = await api.ok<{ position: string }>(
      `/v1/records/${recordId}/objections/${first.objectionId}/decision`,
      'credit-office',
      { decidedOn: '2026-04-25', outcome: 'REJECTED', reason: '理由不成立' },
      200,
    );
    // One objection still undecided: flagged.
    expect(expectStatus(await listOn(before), 200).body.items).toEqual([expect.objectContaining({ recordId, underObjection: true })]);

    const third = await file('2026-04-26');
    const { position } = await api.ok<{ position: string }>(
      `/v1/records/${recordId}/objections/${third.objectionId}/decision`,
      'credit-office',
      { decidedOn: '2026-04-28', outcome: 'RECORD_REVOKED', reason: '认定主体错误' },
      200,
    );
    const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'auditor'), 200);
    expect(record.body).toMatchObject({ status: 'REVOKED', underObjection: false });
    expect(record.body.objections.find((o: { objectionId: string }) => o.objectionId === second.objectionId)).not.toHaveProperty('decision');
    // The revoked record's listing was never in force: no date lists it, flagged or not.
    expect(expectStatus(await listOn(position), 200).body.total).toBe(0);
    const queue = expectStatus(await api.get(`/v1/queues/objections?consistentWith=${position}`, 'credit-office'), 200);
    expect(queue.body.total).toBe(0);
    // And it cannot be decided any more.
    await expectRefused(
      ledger,
      () => api.post(`/v1/records/${recordId}/objections/${second.objectionId}/decision`, 'credit-office', { decidedOn: '2026-05-01', outcome: 'REJECTED', reason: '—' }),
      422,
      'RECORD_REVOKED',
    );
  });
});
