import { CommandDriver, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2855001');
const TODAY = '2026-06-01';

/** `[[[…]]]` nested `levels` deep, as text: built without recursion, as a client could send it. */
const nestedArrays = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** A JSON object text with `extra` (raw JSON text) appended as the field `deep`. */
const withDeep = (body: object, extra: string): string => JSON.stringify(body).replace(/\}$/, `,"deep":${extra}}`);

/**
 * What the HTTP layer does with a request body before any handler sees it: how deep it may nest.
 * Every refusal is problem+json with a stable code and appends nothing.
 */
describe('request bodies: refused before any handler, nothing appended', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let exemplarId: string;
  const revocation = { on: TODAY, reason: '不再符合条件' };

  beforeAll(async () => {
    ledger = await TestLedger.start({}, TODAY);
    api = new CommandDriver(ledger);
    await api.registerInstitution(U);
    const designated = await api.ok<{ exemplarId: string }>(
      '/v1/exemplars',
      'credit-office',
      { subject: { kind: 'INSTITUTION', id: U }, title: '诚信之星', basis: 'b', designatedOn: TODAY, validUntil: '2027-06-01' },
      201,
    );
    exemplarId = designated.exemplarId;
  });
  afterAll(async () => {
    await ledger.stop();
  });

  describe('nesting depth', () => {
    it('a body nested 2000 levels deep is a 400 VALIDATION_FAILED naming the path, not a 500', async () => {
      const before = await ledger.eventCount();
      const response = await ledger.http
        .post(`/v1/exemplars/${exemplarId}/revocation`)
        .set(ledger.auth('credit-office'))
        .set('Content-Type', 'application/json')
        .send(withDeep(revocation, nestedArrays(2000)));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: expect.stringContaining('deep[0]') });
      expect(response.body.errors).toEqual([{ field: expect.stringMatching(/^deep(\[0\])+$/), message: expect.stringContaining('nested deeper than') }]);
      expect(await ledger.eventCount()).toBe(before);
    });

    it('so is one nested through objects, deep enough to overflow any recursive walk', async () => {
      const levels = 100_000;
      const deep = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
      const before = await ledger.eventCount();
      const response = await ledger.http
        .post(`/v1/exemplars/${exemplarId}/revocation`)
        .set(ledger.auth('credit-office'))
        .set('Content-Type', 'application/json')
        .send(withDeep(revocation, deep));
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.errors[0].field).toMatch(/^deep(\.a)+$/);
      expect(await ledger.eventCount()).toBe(before);
    });

    it('a body within the limit goes on to the ordinary checks (here: an unknown field)', async () => {
      const before = await ledger.eventCount();
      const response = await ledger.http
        .post(`/v1/exemplars/${exemplarId}/revocation`)
        .set(ledger.auth('credit-office'))
        .set('Content-Type', 'application/json')
        .send(withDeep(revocation, nestedArrays(20)));
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['deep']);
      expect(await ledger.eventCount()).toBe(before);
    });

    it('applies to every route that is sent a JSON body, public and query routes too, before the token is looked at', async () => {
      const deep = JSON.stringify({ region: '370100' }).replace(/\}$/, `,"deep":${nestedArrays(2000)}}`);
      const publicRoute = await ledger.http.get('/public/v1/records').set('Content-Type', 'application/json').send(deep);
      expect({ status: publicRoute.status, code: publicRoute.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(publicRoute.headers['content-type']).toMatch(/^application\/problem\+json/);
      const query = await ledger.http.get('/v1/audit/digest').set(ledger.auth('auditor')).set('Content-Type', 'application/json').send(deep);
      expect({ status: query.status, code: query.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const before = await ledger.eventCount();
      const anonymous = await ledger.http.post('/v1/admin/deadline-sweep').set('Content-Type', 'application/json').send(nestedArrays(2000));
      expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(anonymous.body.errors[0].field).toMatch(/^(\[0\])+$/);
      expect(await ledger.eventCount()).toBe(before);
      // The same routes without the deep body are unaffected.
      await ledger.http.get('/public/v1/records').expect(200);
      await ledger.http.get('/v1/audit/digest').set(ledger.auth('auditor')).expect(200);
    });

    it('the revocation itself still goes through', async () => {
      await api.ok(`/v1/exemplars/${exemplarId}/revocation`, 'credit-office', revocation, 200);
    });
  });
});
