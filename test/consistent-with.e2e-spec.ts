import { CommandDriver, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853105');

/**
 * Read-your-writes (api.md): `?consistentWith=<position>` waits up to 5 s for the projections, else
 * 503 with Retry-After. A position beyond the log's head is no command's answer: a 400 on the
 * parameter at once, so no one (the public routes need no token) can hold requests open with it.
 * An API-only process whose projectors run nowhere never catches up: the wait ends in 503.
 */
describe('consistentWith', () => {
  let ledger: TestLedger;
  let position: number;

  beforeAll(async () => {
    ledger = await TestLedger.start({ runProjectors: false, runProcessManagers: false }, '2026-03-02');
    await new CommandDriver(ledger).registerInstitution(U, '某区审批局', '370102');
    position = await ledger.store.headPosition();
    expect(position).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('a position beyond the log head is a 400 on consistentWith, without a token on a public route too', async () => {
    for (const beyond of [position + 1, 999_999_999_999_999]) {
      for (const [route, auth] of [
        ['/public/v1/records', {}],
        ['/v1/lists/dishonest-institutions', ledger.auth('auditor')],
      ] as const) {
        const response = await ledger.http.get(`${route}?consistentWith=${beyond}`).set(auth);
        expect([route, response.status, response.body.code]).toEqual([route, 400, 'VALIDATION_FAILED']);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'consistentWith' })]);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it('a position in the log that the projections have not applied is a 503 with Retry-After once the wait is over', async () => {
    const response = await ledger.http.get(`/public/v1/records?consistentWith=${position}`);
    expect([response.status, response.body.code]).toEqual([503, 'PROJECTION_LAGGING']);
    expect(response.headers['retry-after']).toBe('1');
  }, 15_000);
});
