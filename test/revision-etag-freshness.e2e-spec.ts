import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853001');

const commitment = (commitmentId: string, dueOn: string) => ({
  commitmentId,
  institutionUscc: U,
  kind: 'DEADLINE',
  domain: 'ADMINISTRATIVE_SERVICES',
  title: '企业开办一日办结',
  content: '企业开办全流程一个工作日内办结',
  signedBy: 'p-leader',
  madeOn: '2026-01-05',
  dueOn,
  channels: ['PORTAL'],
});

/**
 * GET /v1/commitments/{id} and /v1/records/{id} send `ETag: "<stream revision>"` for If-Match, but
 * their bodies carry fields computed for today (OPEN/AMENDED → OVERDUE, inPublication, …) that change
 * at the same revision. An `If-None-Match` with that tag must never get a 304, or a caching client
 * keeps yesterday's status.
 */
describe('record and commitment GETs: the revision ETag never answers 304 for a body that changed with the date', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-03-30');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '济南市某局', '370100');
    await api.appointLeader(U, 'p-leader', '2025-01-01');
    await api.ok('/v1/commitments', 'registrar', commitment('c-open', '2026-03-31'), 201);
    await api.ok('/v1/commitments', 'registrar', commitment('c-amended', '2026-03-15'), 201);
    await api.ok(
      '/v1/commitments/c-amended/amendments',
      'registrar',
      { on: '2026-02-01', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '《优化营商环境条例》修订', newDueOn: '2026-03-31', compensation: '无' },
      200,
    );
  });
  afterAll(async () => {
    await ledger.stop();
  });

  const getWith = (path: string, etag?: string) => {
    const request = api.get(path, 'registrar');
    return etag === undefined ? request : request.set('If-None-Match', etag);
  };

  it('an OPEN and an AMENDED commitment that become OVERDUE the next day at the same revision get 200 with the new status, not 304', async () => {
    ledger.clock.setToday('2026-03-30');
    const before = {
      open: expectStatus(await getWith('/v1/commitments/c-open'), 200),
      amended: expectStatus(await getWith('/v1/commitments/c-amended'), 200),
    };
    expect(before.open.body.status).toBe('OPEN');
    expect(before.amended.body.status).toBe('AMENDED');
    expect(before.open.headers.etag).toBe('"0"');
    expect(before.amended.headers.etag).toBe('"1"');

    ledger.clock.setToday('2026-04-01');
    for (const [id, first] of [
      ['c-open', before.open],
      ['c-amended', before.amended],
    ] as const) {
      const revalidated = await getWith(`/v1/commitments/${id}`, first.headers.etag);
      expect(revalidated.status).toBe(200);
      expect(revalidated.body).toMatchObject({ commitmentId: id, status: 'OVERDUE' });
      // The same revision: the ETag (api.md, for If-Match) is unchanged, the body is not.
      expect(revalidated.headers.etag).toBe(first.headers.etag);
      expect(revalidated.headers['cache-control']).toBe('private, no-cache');
    }
  });

  it('If-None-Match is not evaluated at all for these resources, also on the same day (the tag cannot say which day a copy is for)', async () => {
    const first = expectStatus(await getWith('/v1/commitments/c-open'), 200);
    const again = await getWith('/v1/commitments/c-open', first.headers.etag);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await api.get('/v1/commitments/c-open', 'registrar').set('If-None-Match', '*')).status).toBe(200);
    expect((await api.get('/v1/commitments/c-open', 'registrar').set('If-None-Match', `W/${first.headers.etag}`)).status).toBe(200);
  });

  it('the ETag still serves If-Match on the POSTs: a stale revision is 412, the current one is accepted', async () => {
    const current = expectStatus(await getWith('/v1/commitments/c-open'), 200).headers.etag;
    const stale = await api.post('/v1/commitments/c-open/fulfilment', 'registrar', { on: '2026-04-01', evidence: '办结记录' }, { ifMatch: '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    await api.ok('/v1/commitments/c-open/fulfilment', 'registrar', { on: '2026-04-01', evidence: '办结记录' }, 200, { ifMatch: current });
    const after = expectStatus(await getWith('/v1/commitments/c-open', current), 200);
    expect(after.body.status).toBe('FULFILLED');
    expect(after.headers.etag).toBe('"1"');
  });

  it('a record whose publication ends between two days at the same revision gets 200 with inPublication false, not 304', async () => {
    ledger.clock.setToday('2026-04-01');
    const recordId = await api.record(U, '2026-03-20');
    const first = expectStatus(await api.get(`/v1/records/${recordId}`, 'credit-office'), 200);
    expect(first.body.publication.inPublication).toBe(true);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const lastDay: string = first.body.publication.lastDay;

    const dayAfter = new Date(`${lastDay}T00:00:00Z`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    ledger.clock.setToday(dayAfter.toISOString().slice(0, 10));
    const revalidated = await api.get(`/v1/records/${recordId}`, 'credit-office').set('If-None-Match', first.headers.etag);
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.etag).toBe(first.headers.etag);
    expect(revalidated.body.publication.inPublication).toBe(false);
  });
});
