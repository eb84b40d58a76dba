import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853101');
const OFFICIAL = 'p-known-at-leader';
const SKEW_MS = 5_000;

/** Every route that takes `knownAt` (api.md "Queries"), with the roles' union answered by an auditor. */
const ROUTES = [
  `/v1/institutions/${U}/archive`,
  `/v1/officials/${OFFICIAL}/archive`,
  `/v1/subjects/INSTITUTION/${U}/history`,
  '/v1/lists/dishonest-institutions',
  '/v1/lists/award-bans',
  '/v1/lists/exemplars',
  '/v1/lists/key-attention',
];

/**
 * `knownAt` is what the system showed at that instant (domain.md §7, system time). An instant after
 * the server's clock (beyond a few seconds of skew) names nothing the system ever showed, and is
 * 400 DATE_IN_FUTURE on the knownAt field — "now" being the service's injected clock.
 */
describe('knownAt after the server clock is 400 DATE_IN_FUTURE on every route that takes it', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  /** The setup's last position: every read waits for the projections (read-your-writes). */
  let position: string;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-11-22');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '济南市某局', '370100');
    await api.appointLeader(U, OFFICIAL, '2025-01-01');
    const finding = { type: 'ADMINISTRATIVE_PENALTY', documentNo: '济罚〔2026〕9号', authority: '某区财政局', findingOn: '2026-11-02' };
    position = (
      await api.ok(
        '/v1/records',
        'credit-office',
        { subject: { kind: 'INSTITUTION', id: U }, category: 'ARREARS_TO_ENTERPRISES', severity: 'SERIOUS', domain: 'GOVERNMENT_PROCUREMENT', occurredOn: '2026-11-02', description: '拖欠民营企业账款', finding },
        201,
      )
    ).position;
  });
  afterAll(async () => {
    await ledger.stop();
  });

  const read = (route: string, knownAt: string) => api.get(`${route}?knownAt=${encodeURIComponent(knownAt)}&consistentWith=${position}`, 'auditor');
  const later = (ms: number) => new Date(ledger.clock.now().getTime() + ms).toISOString();

  const expectFutureRefused = async (route: string, knownAt: string) => {
    const response = await read(route, knownAt);
    expect({ route, status: response.status }).toEqual({ route, status: 400 });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, code: 'DATE_IN_FUTURE', serverTime: ledger.clock.now().toISOString() });
    expect(response.body.errors).toEqual([{ field: 'knownAt', message: expect.stringContaining(ledger.clock.now().toISOString()) }]);
  };

  it.each(ROUTES)('%s?knownAt=2030-01-01T00:00:00Z is refused, and nothing is appended', async (route) => {
    const head = await ledger.eventCount();
    await expectFutureRefused(route, '2030-01-01T00:00:00Z');
    expect(await ledger.eventCount()).toBe(head);
  });

  it.each(ROUTES)('%s: a day after the service clock is refused, though long before the machine’s own date (the injected clock decides)', async (route) => {
    await expectFutureRefused(route, later(24 * 3600 * 1000));
    await expectFutureRefused(route, '2026-11-23T00:00:00+08:00');
  });

  it.each(ROUTES)('%s: now, and a client clock up to 5 s ahead, are answered; beyond the skew is refused', async (route) => {
    const now = ledger.clock.now().toISOString();
    expectStatus(await read(route, now), 200);
    expectStatus(await read(route, later(SKEW_MS - 1000)), 200);
    expectStatus(await read(route, later(SKEW_MS)), 200);
    await expectFutureRefused(route, later(SKEW_MS + 1000));
  });

  it('the answer at knownAt=now carries it in asOf, and the past is answered as before', async () => {
    const now = ledger.clock.now().toISOString();
    expect(expectStatus(await read('/v1/lists/award-bans', now), 200).body.asOf).toMatchObject({ knownAt: now });
    expectStatus(await read('/v1/lists/dishonest-institutions', '2026-11-01T00:00:00Z'), 200);
  });

  it('within the skew a knownAt just past midnight (China Standard Time) is answered as now: still today’s date, not tomorrow’s', async () => {
    const today = ledger.clock.now();
    ledger.clock.set('2026-11-22T23:59:58+08:00');
    try {
      const { body } = expectStatus(await read('/v1/lists/dishonest-institutions', '2026-11-23T00:00:02+08:00'), 200);
      expect(body).toMatchObject({ on: '2026-11-22', asOf: { knownAt: '2026-11-22T16:00:02.000Z' } });
    } finally {
      ledger.clock.set(today);
    }
  });

  it('once the service clock has passed the instant, the same knownAt is answered', async () => {
    const knownAt = '2026-11-23T00:00:00+08:00';
    await expectFutureRefused('/v1/lists/award-bans', knownAt);
    ledger.clock.setToday('2026-11-24');
    for (const route of ROUTES) expect({ route, status: (await read(route, knownAt)).status }).toEqual({ route, status: 200 });
  });
});
