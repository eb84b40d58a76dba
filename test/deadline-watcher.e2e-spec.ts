import { withUsccCheckCharacter } from '@app/domain';
import { DomainWriter } from './support/domain-writer';
import { TestLedger } from './support/test-app';

const USCC = withUsccCheckCharacter('11370100MB2850777');

async function setUpInstitution(test: TestLedger): Promise<void> {
  await new DomainWriter(test, USCC).institution();
}

async function recordWithOrder(test: TestLedger, recordId: string, deadline: string): Promise<void> {
  await new DomainWriter(test, USCC).recordWithOrder(recordId, deadline);
}

const typesOf = async (test: TestLedger, recordId: string) => (await test.store.readStream(`record-${recordId}`)).map((e) => e.type);

describe('deadline watcher', () => {
  let test: TestLedger;

  afterEach(async () => {
    await test?.stop();
  });

  it('lapses an overdue order once, effective deadline + 1, listing, banning and requiring accountability in one append', async () => {
    test = await TestLedger.start({}, '2026-11-22');
    await setUpInstitution(test);
    await recordWithOrder(test, 'r-overdue', '2026-11-10');

    const response = await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200);
    expect(response.body).toEqual({ lapsed: 1, position: expect.stringMatching(/^\d+$/) });

    const events = await test.store.readStream('record-r-overdue');
    const lapse = events.slice(-4);
    expect(lapse.map((e) => e.type)).toEqual([
      'RectificationDeadlineLapsed',
      'InstitutionListed',
      'AwardBanImposed',
      'AccountabilityRequired',
    ]);
    expect(new Set(lapse.map((e) => e.metadata.commandId)).size).toBe(1);
    expect(lapse[0].data).toMatchObject({ deadline: '2026-11-10', effectiveOn: '2026-11-11' });
    expect(lapse[1].data).toMatchObject({ uscc: USCC, listedOn: '2026-11-11' });
    expect(lapse[2].data).toMatchObject({ startsOn: '2026-11-11', lastDay: '2029-11-11' });
    expect(lapse[3].data).toMatchObject({ personId: 'p-chen' });
    expect(String(lapse[3].position)).toBe(response.body.position);
    // Caused by the order it lapses (domain.md §6), in that order's correlation, as sagas link theirs.
    const ordered = events.find((e) => e.type === 'RectificationOrdered')!;
    for (const event of lapse) {
      expect(event.metadata).toMatchObject({ causationId: ordered.id, correlationId: ordered.metadata.correlationId, commandId: 'lapse:r-overdue' });
    }

    const again = await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200);
    expect(again.body.lapsed).toBe(0);
    expect(await typesOf(test, 'r-overdue')).toHaveLength(events.length);
  });

  it('a lapse of a second order is caused by that order, not the first (settled) one', async () => {
    test = await TestLedger.start({}, '2026-11-22');
    await setUpInstitution(test);
    const writer = new DomainWriter(test, USCC);
    const today = '2026-11-22';
    await writer.recordWithOrder('r-second', '2026-10-20');
    await writer.record({ type: 'ReportRectification', today, data: { recordId: 'r-second', reportId: 'report-1', reportedOn: '2026-10-15', evidence: '付款凭证' } });
    await writer.record({ type: 'ReviewRectification', today, data: { recordId: 'r-second', reportId: 'report-1', reviewedOn: '2026-10-16', accepted: true } });
    await writer.record({ type: 'OrderRectification', today, data: { recordId: 'r-second', orderedOn: '2026-10-19', deadline: '2026-11-10', requirements: '再次整改' } });
    expect((await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200)).body.lapsed).toBe(1);

    const events = await test.store.readStream('record-r-second');
    const orders = events.filter((e) => e.type === 'RectificationOrdered');
    expect(orders).toHaveLength(2);
    const lapsed = events.find((e) => e.type === 'RectificationDeadlineLapsed')!;
    expect(lapsed.data.orderId).toBe(orders[1].data.orderId);
    for (const event of events.slice(-4)) {
      expect(event.metadata).toMatchObject({ causationId: orders[1].id, correlationId: orders[1].metadata.correlationId });
    }
  });

  it('lapses one order once when three sweeps run at the same time', async () => {
    test = await TestLedger.start({}, '2026-11-22');
    await setUpInstitution(test);
    await recordWithOrder(test, 'r-race', '2026-11-01');
    const results = await Promise.all(
      [1, 2, 3].map(() => test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({})),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.reduce((sum, r) => sum + r.body.lapsed, 0)).toBe(1);
    expect((await typesOf(test, 'r-race')).filter((t) => t === 'RectificationDeadlineLapsed')).toHaveLength(1);
  });

  it('leaves an order before its deadline alone, and after downtime past it lapses it on start as of deadline + 1', async () => {
    test = await TestLedger.start({}, '2026-11-22');
    await setUpInstitution(test);
    await recordWithOrder(test, 'r-later', '2026-11-25');
    expect((await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200)).body.lapsed).toBe(0);
    // The service is down from the 22nd to 5 December; it sweeps when it comes back.
    test = await test.restart('2026-12-05');
    const deadline = Date.now() + 10_000;
    while (!(await typesOf(test, 'r-later')).includes('RectificationDeadlineLapsed') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const lapse = (await test.store.readStream('record-r-later')).find((e) => e.type === 'RectificationDeadlineLapsed');
    expect(lapse?.data).toMatchObject({ deadline: '2026-11-25', effectiveOn: '2026-11-26' });
    expect(lapse?.metadata.actor).toEqual({ sub: 'deadline-watcher', role: 'system' });
  });

  it('refuses a sweep with a body field, and from a role other than credit-office, appending nothing', async () => {
    test = await TestLedger.start({}, '2026-11-22');
    await setUpInstitution(test);
    await recordWithOrder(test, 'r-guard', '2026-11-10');
    const before = await test.eventCount();
    expect((await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({ force: true }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await test.http.post('/v1/admin/deadline-sweep').set(test.auth('supervisor')).send({}).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await test.http.post('/v1/admin/deadline-sweep').send({}).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect(await test.eventCount()).toBe(before);
  });
});
