import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommandDriver, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2855001');
const TODAY = '2026-06-01';

/** `[[[…]]]` nested `levels` deep, as text: built without recursion, as a client could send it. */
const nestedArrays = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** A JSON object text with `extra` (raw JSON text) appended as the field `deep`. */
const withDeep = (body: object, extra: string): string => JSON.stringify(body).replace(/\}$/, `,"deep":${extra}}`);

/**
 * What the HTTP layer does with a request body before any handler sees it: which media types it
 * is read as, and how deep it may nest.
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

  /** The exemplar's revocation with `text` as its body, sent as `type`. */
  const revoke = (text: string, type = 'application/json') =>
    ledger.http.post(`/v1/exemplars/${exemplarId}/revocation`).set(ledger.auth('credit-office')).set('Content-Type', type).send(text);

  describe('nesting depth', () => {
    it('a body nested 2000 levels deep is a 400 VALIDATION_FAILED naming the path, not a 500', async () => {
      const response = await expectRefused(ledger, () => revoke(withDeep(revocation, nestedArrays(2000))), 400, 'VALIDATION_FAILED');
      expect(response.body).toMatchObject({ detail: expect.stringContaining('deep[0]') });
      expect(response.body.errors).toEqual([{ field: expect.stringMatching(/^deep(\[0\])+$/), message: expect.stringContaining('nested deeper than') }]);
    });

    it('so is one nested through objects, deep enough to overflow any recursive walk', async () => {
      const levels = 100_000;
      const deep = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
      const response = await expectRefused(ledger, () => revoke(withDeep(revocation, deep)), 400, 'VALIDATION_FAILED');
      expect(response.body.errors[0].field).toMatch(/^deep(\.a)+$/);
    });

    it('a body within the limit goes on to the ordinary checks (here: an unknown field)', async () => {
      const response = await expectRefused(ledger, () => revoke(withDeep(revocation, nestedArrays(20))), 400, 'VALIDATION_FAILED');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['deep']);
    });

    it('applies to every route that is sent a JSON body, public and query routes too, before the token is looked at', async () => {
      const deep = JSON.stringify({ region: '370100' }).replace(/\}$/, `,"deep":${nestedArrays(2000)}}`);
      const publicRoute = await ledger.http.get('/public/v1/records').set('Content-Type', 'application/json').send(deep);
      expect({ status: publicRoute.status, code: publicRoute.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(publicRoute.headers['content-type']).toMatch(/^application\/problem\+json/);
      const query = await ledger.http.get('/v1/audit/digest').set(ledger.auth('auditor')).set('Content-Type', 'application/json').send(deep);
      expect({ status: query.status, code: query.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const anonymous = await expectRefused(
        ledger,
        () => ledger.http.post('/v1/admin/deadline-sweep').set('Content-Type', 'application/json').send(nestedArrays(2000)),
        400,
        'VALIDATION_FAILED',
      );
      expect(anonymous.body.errors[0].field).toMatch(/^(\[0\])+$/);
      // The same routes without the deep body are unaffected.
      await ledger.http.get('/public/v1/records').expect(200);
      await ledger.http.get('/v1/audit/digest').set(ledger.auth('auditor')).expect(200);
    });

  });

  describe('media type', () => {
    /** A POST exactly as given: no Content-Type unless `headers` has one (supertest would add one). */
    const rawPost = (path: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ status: number; type?: string; headers: Record<string, unknown>; body: Record<string, unknown> }>((resolve, reject) => {
        const { port } = ledger.app.getHttpServer().address() as AddressInfo;
        const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode!, type: response.headers['content-type'], headers: response.headers, body: text ? JSON.parse(text) : {} }),
          );
        });
        request.on('error', reject);
        request.end(body);
      });

    it.each([
      ['text/plain', { 'Content-Type': 'text/plain' }],
      ['no Content-Type at all', {}],
      ['a form', { 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['XML', { 'Content-Type': 'application/xml' }],
    ])('a JSON body sent as %s is 415 UNSUPPORTED_MEDIA_TYPE naming application/json, not read as empty', async (_name, headers: Record<string, string>) => {
      const response = await expectRefused(
        ledger,
        () => rawPost(`/v1/exemplars/${exemplarId}/revocation`, { ...ledger.auth('credit-office'), ...headers }, JSON.stringify(revocation)),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(response.body).toMatchObject({ detail: expect.stringContaining('application/json') });
      expect(response.headers['accept-post']).toBe('application/json');
    });

    it('so is one sent chunked, without a Content-Length', async () => {
      await expectRefused(
        ledger,
        () => rawPost(`/v1/exemplars/${exemplarId}/revocation`, { ...ledger.auth('credit-office'), 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' }, JSON.stringify(revocation)),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('a JSON body in an unsupported charset stays 415', async () => {
      await expectRefused(ledger, () => revoke(JSON.stringify(revocation), 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a POST without a body needs no Content-Type: the deadline sweep with {}, with nothing, with an empty body of any type', async () => {
      expect(await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).toMatchObject({ lapsed: 0 });
      for (const [headers, body] of [
        [{}, undefined],
        [{ 'Content-Length': '0' }, ''],
        [{ 'Content-Type': 'text/plain', 'Content-Length': '0' }, ''],
        [{ 'Content-Type': 'application/json' }, '{}'],
      ] as Array<[Record<string, string>, string | undefined]>) {
        const response = await rawPost('/v1/admin/deadline-sweep', { ...ledger.auth('credit-office'), ...headers }, body);
        expect({ headers, status: response.status, lapsed: response.body.lapsed }).toEqual({ headers, status: 200, lapsed: 0 });
      }
    });

    it('a JSON body with a +json media type is read as JSON', async () => {
      const response = await rawPost('/v1/admin/deadline-sweep', { ...ledger.auth('credit-office'), 'Content-Type': 'application/vnd.ledger+json' }, '{}');
      expect({ status: response.status, lapsed: response.body.lapsed }).toEqual({ status: 200, lapsed: 0 });
    });
  });

  describe('text', () => {
    it('a body whose bytes are not UTF-8 is a 400 on body, not stored with U+FFFD in their place', async () => {
      const bytes = Buffer.concat([Buffer.from(`{"on":"${TODAY}","reason":"`), Buffer.from([0xff, 0xfe]), Buffer.from(' 不再符合条件"}')]);
      const response = await expectRefused(
        ledger,
        () =>
          new Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }>((resolve, reject) => {
            const { port } = ledger.app.getHttpServer().address() as AddressInfo;
            const headers = { ...ledger.auth('credit-office'), 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) };
            const sent = httpRequest({ host: '127.0.0.1', port, path: `/v1/exemplars/${exemplarId}/revocation`, method: 'POST', headers }, (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (text += chunk));
              response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: JSON.parse(text) }));
            });
            sent.on('error', reject);
            sent.end(bytes);
          }),
        400,
        'VALIDATION_FAILED',
      );
      expect(response.body.errors).toEqual([{ field: 'body', message: 'not valid UTF-8' }]);
    });

    it.each([
      ['a lone surrogate', '\\ud800', /lone surrogate/],
      ['NUL', '\\u0000', /control character/],
      ['an escape character', 'x\\u001by', /control character/],
    ])('a string holding %s is a 400 naming its field', async (_what, escaped, message) => {
      const response = await expectRefused(ledger, () => revoke(`{"on":"${TODAY}","reason":"${escaped}"}`), 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([{ field: 'reason', message: expect.stringMatching(message) }]);
    });
  });

  describe('after the refusals', () => {
    it('the revocation itself still goes through', async () => {
      await api.ok(`/v1/exemplars/${exemplarId}/revocation`, 'credit-office', revocation, 200);
    });
  });
});
