import { CommandDriver, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853004');

/**
 * A lapse is effective deadline + 1 whenever the system notices it (domain.md §4.4). Between the
 * deadline and the watcher's sweep (a minute, or longer while the process running it is down) the
 * lapse is due but not written. A credit check recorded then, or a red-list designation decided
 * then, must not answer as if the order were still open: the check writes the due lapse first (as
 * the watcher would, once per record) and records RESTRICTED with the ban and the listing; the
 * designation is decided on the records with the due lapse folded in (nothing written when it is
 * refused). The watcher is off here, so no sweep can come between.
 */
describe('a lapse due but not yet swept, seen by checks and designations', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let recordId: string;

  beforeAll(async () => {
    ledger = await TestLedger.start({ runProcessManagers: false }, '2026-01-20');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区交通局', '370102');
    await api.appointLeader(U, 'p-sun', '2025-01-01', '孙某');
    recordId = await api.record(U, '2026-01-10');
    await api.order(recordId, '2026-01-15', '2026-03-31');
    // The deadline day has ended: the lapse is due, effective 2026-04-01; no sweep runs.
    ledger.clock.setToday('2026-04-02');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  const recordEvents = async () => (await api.stream(`record-${recordId}`)).map((e) => e.type);
  const designation = (exemplarId: string, designatedOn: string) => ({
    exemplarId,
    subject: { kind: 'INSTITUTION', id: U },
    title: '诚信建设示范单位',
    basis: '市信用办评定',
    designatedOn,
  });

  it('a designation dated on or after the lapse day is refused AWARD_BAN_ACTIVE, and nothing is written: neither the title nor the lapse', async () => {
    const refused = await expectRefused(ledger, () => api.post('/v1/exemplars', 'credit-office', designation('exm-due', '2026-04-01')), 422, 'AWARD_BAN_ACTIVE');
    expect(refused.body).toMatchObject({ banId: `ban-${recordId}`, on: '2026-04-01' });
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);
    expect(await api.stream('exemplar-exm-due')).toEqual([]);
    // Dated before the lapse day, the title is a fact of the history and is recorded.
    await api.ok('/v1/exemplars', 'credit-office', designation('exm-before', '2026-03-01'), 201);
  });

  it('a refused check (a day still to come) writes no lapse', async () => {
    await expectRefused(
      ledger,
      () => api.post('/v1/checks', 'approver', { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-03', caseRef: '评优-0' }),
      422,
      'DATE_IN_FUTURE',
    );
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);
  });

  it('a check that ends in a refusal before it is decided writes no lapse either: If-Match (412), a key reused with another body (422)', async () => {
    const body = (caseRef: string) => ({ subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-02', caseRef });
    await expectRefused(ledger, () => api.post('/v1/checks', 'approver', body('评优-m'), { ifMatch: '"3"' }), 412, 'PRECONDITION_FAILED');
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);

    // Made before the deadline day ended, under a key: ATTENTION (the order open, no lapse due yet).
    ledger.clock.setToday('2026-03-25');
    const first = await api.ok<{ outcome: string; position: string }>('/v1/checks', 'approver', { ...body('评优-k'), on: '2026-03-25' }, 201, { key: 'chk-before-lapse' });
    expect(first.outcome).toBe('ATTENTION');
    ledger.clock.setToday('2026-04-02');
    await expectRefused(ledger, () => api.post('/v1/checks', 'approver', { ...body('评优-other'), on: '2026-03-25' }, { key: 'chk-before-lapse' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    // Retried after the deadline (its stored answer expired with the clock's jump): answered from the log as first given, no lapse.
    const head = await ledger.store.headPosition();
    const retried = await api.ok<{ outcome: string; position: string }>('/v1/checks', 'approver', { ...body('评优-k'), on: '2026-03-25' }, 201, { key: 'chk-before-lapse' });
    expect(retried).toMatchObject({ outcome: 'ATTENTION', position: first.position });
    expect(await ledger.store.headPosition()).toBe(head);
    expect(await recordEvents()).toEqual(['DishonestyRecorded', 'RectificationOrdered']);
  });

  it('a check writes the due lapse first and records RESTRICTED with the ban and the listing; the next check finds it written', async () => {
    const check = await api.ok<{ checkId: string; outcome: string; findings: Array<{ kind: string; ref: string }> }>(
      '/v1/checks',
      'approver',
      { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-02', caseRef: '评优-1' },
      201,
    );
    expect(check.outcome).toBe('RESTRICTED');
    expect(check.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['AWARD_BAN', 'LISTING']));
    expect(check.findings.find((f) => f.kind === 'AWARD_BAN')?.ref).toBe(`ban-${recordId}`);

    const events = await api.stream(`record-${recordId}`);
    expect(events.map((e) => e.type)).toEqual([
      'DishonestyRecorded',
      'RectificationOrdered',
      'RectificationDeadlineLapsed',
      'InstitutionListed',
      'AwardBanImposed',
      'AccountabilityRequired',
    ]);
    // Written as the watcher writes it: effective deadline + 1, once per record, caused by the order.
    expect(events[2].data).toMatchObject({ effectiveOn: '2026-04-01' });
    expect(events[2].metadata).toMatchObject({ commandId: `lapse:${recordId}`, actor: { sub: 'deadline-watcher', role: 'system' }, causationId: events[1].id });
    expect(events[3].data).toMatchObject({ listedOn: '2026-04-01' });
    // The check was recorded after the lapse, with what it answered.
    const performed = await api.stream(`check-${check.checkId}`);
    expect(performed.map((e) => e.type)).toEqual(['CreditCheckPerformed']);
    expect(performed[0].position).toBeGreaterThan(events[5].position);
    expect(performed[0].data).toMatchObject({ outcome: 'RESTRICTED' });

    const again = await api.ok<{ outcome: string }>('/v1/checks', 'approver', { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-02', caseRef: '评优-2' }, 201);
    expect(again.outcome).toBe('RESTRICTED');
    expect(await api.stream(`record-${recordId}`)).toHaveLength(6);
    // The sweep finds nothing left to lapse.
    expect(await api.ok<{ lapsed: number }>('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).toMatchObject({ lapsed: 0 });
  });
});
