import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { TEST_SECRET, TestLedger } from './support/test-app';

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** api.md "Auth": missing, invalid or expired token → 401; a token must be able to expire. */
describe('bearer tokens', () => {
  let ledger: TestLedger;
  const signed = (claims: Record<string, unknown>) => new JwtService({ secret: TEST_SECRET }).sign(claims);

  beforeAll(async () => {
    ledger = await TestLedger.start();
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('a token without exp, signed with the real secret, is refused: 401 UNAUTHENTICATED saying so', async () => {
    const response = await ledger.http.get('/v1/audit/digest').set('Authorization', `Bearer ${signed({ sub: 'a', role: 'auditor' })}`);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: expect.stringContaining('exp') });
  });

  it('a 401 names the scheme to authenticate with (WWW-Authenticate: Bearer), and says invalid_token when a token was sent', async () => {
    const none = await ledger.http.get('/v1/audit/digest').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="ledger"');
    const bad = await ledger.http.get('/v1/audit/digest').set('Authorization', 'Bearer not-a-token').expect(401);
    expect(bad.headers['www-authenticate']).toBe('Bearer realm="ledger", error="invalid_token"');
    const basic = await ledger.http.get('/v1/audit/digest').set('Authorization', 'Basic YTpi').expect(401);
    expect(basic.headers['www-authenticate']).toBe('Bearer realm="ledger"');
    // As the guard reads the header: a tab is whitespace (a token, refused); two words are no token.
    const tab = await ledger.http.get('/v1/audit/digest').set('Authorization', 'Bearer\tnot-a-token').expect(401);
    expect(tab.headers['www-authenticate']).toBe('Bearer realm="ledger", error="invalid_token"');
    const twoWords = await ledger.http.get('/v1/audit/digest').set('Authorization', 'Bearer a b').expect(401);
    expect(twoWords.headers['www-authenticate']).toBe('Bearer realm="ledger"');
    const forbidden = await ledger.http.get('/v1/audit/digest').set(ledger.auth('registrar')).expect(403);
    expect(forbidden.headers['www-authenticate']).toBeUndefined();
  });

  it('the same claims with an exp are accepted, as are the tokens the service issues', async () => {
    await ledger.http.get('/v1/audit/digest').set('Authorization', `Bearer ${signed({ sub: 'a', role: 'auditor', exp: inAnHour() })}`).expect(200);
    await ledger.http.get('/v1/audit/digest').set(ledger.auth('auditor')).expect(200);
  });

  it('a token without exp is refused on commands too, and appends nothing', async () => {
    const before = await ledger.eventCount();
    const response = await ledger.http
      .post('/v1/admin/deadline-sweep')
      .set('Authorization', `Bearer ${signed({ sub: 'a', role: 'credit-office' })}`)
      .send({});
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await ledger.eventCount()).toBe(before);
  });

  it('an exp that is not a number is refused', async () => {
    // Signed by hand: jsonwebtoken will not sign such a claim.
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'a', role: 'auditor', exp: 'never' })}`;
    const token = `${unsigned}.${createHmac('sha256', TEST_SECRET).update(unsigned).digest('base64url')}`;
    const response = await ledger.http.get('/v1/audit/digest').set('Authorization', `Bearer ${token}`);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
