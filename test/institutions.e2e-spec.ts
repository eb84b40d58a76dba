import { JwtService } from '@nestjs/jwt';
import { withUsccCheckCharacter } from '@app/domain';
import { expectRefused } from './support/refusals';
import { TestLedger, TEST_SECRET } from './support/test-app';

const USCC = withUsccCheckCharacter('11370100MB2850123');
const OTHER_USCC = withUsccCheckCharacter('11370112MB1957456');
const valid = { uscc: USCC, name: '济南高新区管委会', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' };

/** A check character that is wrong for the first 17 characters of USCC. */
const wrongCheck = `${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}`;

describe('institutions: the thin slice through HTTP', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await TestLedger.start();
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('answers /health with no token while the stores are up', async () => {
    const response = await ledger.http.get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', eventStore: 'up', readStore: 'up' });
    expect(typeof response.body.projectionLag).toBe('number');
  });

  it('serves the OpenAPI description at /docs-json and the UI at /docs', async () => {
    const json = await ledger.http.get('/docs-json').expect(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/v1/institutions', '/v1/institutions/{uscc}/archive', '/health']));
    const ui = await ledger.http.get('/docs').expect(200);
    // Every GET carries the projection position (api.md), these Express routes too.
    expect([json.headers['x-projection-position'], ui.headers['x-projection-position']]).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
  });

  it('registers an institution: event with metadata, then the archive reads it consistently', async () => {
    const created = await ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).send(valid).expect(201);
    expect(created.body).toEqual({ uscc: USCC, position: expect.stringMatching(/^\d+$/) });

    const [event] = await ledger.store.readStream(`institution-${USCC}`);
    expect(event).toMatchObject({ type: 'InstitutionRegistered', data: valid });
    expect(event.metadata).toMatchObject({ actor: { sub: 'test-registrar', role: 'registrar' }, schemaVersion: 1 });
    expect(String(event.position)).toBe(created.body.position);

    const archive = await ledger.http
      .get(`/v1/institutions/${USCC}/archive`)
      .query({ consistentWith: created.body.position })
      .set(ledger.auth('auditor'))
      .expect(200);
    expect(Number(archive.headers['x-projection-position'])).toBeGreaterThanOrEqual(Number(created.body.position));
    expect(archive.body.subject).toEqual({
      kind: 'INSTITUTION',
      id: USCC,
      name: valid.name,
      institutionKind: 'GOVERNMENT_ORGAN',
      regionCode: '370100',
      parentUscc: null,
    });
  });

  it('lets a subject read its own archive only', async () => {
    await ledger.http.get(`/v1/institutions/${USCC}/archive`).set(ledger.auth('subject', USCC)).expect(200);
    const refused = await ledger.http.get(`/v1/institutions/${USCC}/archive`).set(ledger.auth('subject', OTHER_USCC)).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('sends X-Projection-Position on every GET, refusals included', async () => {
    const unauthenticated = await ledger.http.get(`/v1/institutions/${USCC}/archive`).expect(401);
    expect(unauthenticated.headers['x-projection-position']).toMatch(/^\d+$/);
    const health = await ledger.http.get('/health').expect(200);
    expect(health.headers['x-projection-position']).toMatch(/^\d+$/);
  });

  it('answers 400 INVALID_USCC naming the field for a malformed code in the path, as the subject history does', async () => {
    const bad = `${OTHER_USCC.slice(0, -1)}${OTHER_USCC.endsWith('0') ? '1' : '0'}`;
    for (const path of [`/v1/institutions/${bad}/archive`, `/v1/subjects/INSTITUTION/${bad}/history`]) {
      const response = await ledger.http.get(path).set(ledger.auth('auditor')).expect(400);
      expect(response.body).toMatchObject({ status: 400, code: 'INVALID_USCC' });
    }
    const archive = await ledger.http.get('/v1/institutions/not-a-code/archive').set(ledger.auth('auditor')).expect(400);
    expect(archive.body.errors).toEqual([expect.objectContaining({ field: 'uscc' })]);
  });

  it('answers 404 problem+json for an institution not in the archive', async () => {
    const response = await ledger.http.get(`/v1/institutions/${OTHER_USCC}/archive`).set(ledger.auth('auditor')).expect(404);
    expect(response.headers['x-projection-position']).toMatch(/^\d+$/);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('replays a retried registration with the same Idempotency-Key without appending', async () => {
    const body = { ...valid, uscc: OTHER_USCC, name: '某镇政府' };
    const first = await ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).set('Idempotency-Key', 'reg-1').send(body).expect(201);
    const count = await ledger.eventCount();
    const again = await ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).set('Idempotency-Key', 'reg-1').send(body).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await ledger.eventCount()).toBe(count);
    await expectRefused(
      ledger,
      () => ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).set('Idempotency-Key', 'reg-1').send({ ...body, name: '另一个名字' }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await ledger.eventCount()).toBe(count);
  });

  it('refuses a parentUscc naming no registered institution (404 SUBJECT_NOT_FOUND, nothing appended); once the parent is registered, accepts it', async () => {
    const parent = withUsccCheckCharacter('11370102MB0000017');
    const child = { uscc: withUsccCheckCharacter('12370102MB0000025'), name: '某区人民医院', kind: 'PUBLIC_INSTITUTION', regionCode: '370102', parentUscc: parent };
    const refused = await expectRefused(ledger, () => ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).send(child), 404, 'SUBJECT_NOT_FOUND');
    expect(refused.body).toMatchObject({ parentUscc: parent, detail: expect.stringContaining(parent) });
    expect(await ledger.store.readStream(`institution-${child.uscc}`)).toEqual([]);

    await ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).send({ ...valid, uscc: parent, name: '某区人民政府', regionCode: '370102' }).expect(201);
    const created = await ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).send(child).expect(201);
    const [event] = await ledger.store.readStream(`institution-${child.uscc}`);
    expect(event).toMatchObject({ type: 'InstitutionRegistered', data: child });
    const archive = await ledger.http
      .get(`/v1/institutions/${child.uscc}/archive`)
      .query({ consistentWith: created.body.position })
      .set(ledger.auth('auditor'))
      .expect(200);
    expect(archive.body.subject).toMatchObject({ id: child.uscc, parentUscc: parent });
  });

  it('appoints a registered official only under the name they are registered as (400 on name, nothing appended), here or at another institution', async () => {
    const first = withUsccCheckCharacter('11370103MB0000031');
    const second = withUsccCheckCharacter('11370104MB0000049');
    for (const [uscc, regionCode] of [[first, '370103'], [second, '370104']]) {
      await ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).send({ ...valid, uscc, name: `某区政府${regionCode}`, regionCode }).expect(201);
    }
    await ledger.http.post('/v1/officials').set(ledger.auth('registrar')).send({ personId: 'p-qian', name: '钱某', institutionUscc: first, post: '副区长' }).expect(201);
    for (const uscc of [first, second]) {
      const refused = await expectRefused(
        ledger,
        () => ledger.http.post(`/v1/institutions/${uscc}/leaders`).set(ledger.auth('registrar')).send({ personId: 'p-qian', name: '钱某某', title: '区长', effectiveOn: '2026-01-01' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(refused.body).toMatchObject({ errors: [{ field: 'name', message: expect.stringContaining('钱某') }] });
    }
    await ledger.http
      .post(`/v1/institutions/${second}/leaders`)
      .set(ledger.auth('registrar'))
      .send({ personId: 'p-qian', name: '钱某', title: '区长', effectiveOn: '2026-01-01' })
      .expect(201);
  });

  describe('refused input: a 4xx problem+json with a stable code, and nothing appended', () => {
    const expired = () => new JwtService({ secret: TEST_SECRET }).sign({ sub: 'old', role: 'registrar', exp: Math.floor(Date.now() / 1000) - 60 });
    const forged = () => new JwtService({ secret: 'some-other-secret-0123456789' }).sign({ sub: 'mallory', role: 'registrar' });
    const cases: Array<[string, () => { headers: Record<string, string>; body: string | object }, number, string]> = [
      ['an already registered USCC', () => ({ headers: ledger.auth('registrar'), body: valid }), 409, 'CONFLICT'],
      ['a USCC with a wrong check character', () => ({ headers: ledger.auth('registrar'), body: { ...valid, uscc: wrongCheck } }), 400, 'INVALID_USCC'],
      ['a USCC with letters outside the alphabet', () => ({ headers: ledger.auth('registrar'), body: { ...valid, uscc: 'IOSVZ' + USCC.slice(5) } }), 400, 'INVALID_USCC'],
      ['a missing field', () => ({ headers: ledger.auth('registrar'), body: { uscc: USCC, name: 'x', kind: 'OTHER' } }), 400, 'VALIDATION_FAILED'],
      ['an unknown field', () => ({ headers: ledger.auth('registrar'), body: { ...valid, uscc: OTHER_USCC, extra: 1 } }), 400, 'VALIDATION_FAILED'],
      ['a wrong type', () => ({ headers: ledger.auth('registrar'), body: { ...valid, name: 42 } }), 400, 'VALIDATION_FAILED'],
      ['an unknown kind', () => ({ headers: ledger.auth('registrar'), body: { ...valid, kind: 'CORPORATION' } }), 400, 'VALIDATION_FAILED'],
      ['malformed JSON', () => ({ headers: { ...ledger.auth('registrar'), 'Content-Type': 'application/json' }, body: '{"uscc": ' }), 400, 'VALIDATION_FAILED'],
      ['an unsupported Content-Encoding', () => ({ headers: { ...ledger.auth('registrar'), 'Content-Encoding': 'x-unknown', 'Content-Type': 'application/json' }, body: JSON.stringify(valid) }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a body over 1 MiB', () => ({ headers: ledger.auth('registrar'), body: { ...valid, name: 'x'.repeat(1024 * 1024 + 10) } }), 413, 'PAYLOAD_TOO_LARGE'],
      ['no token', () => ({ headers: {}, body: valid }), 401, 'UNAUTHENTICATED'],
      ['a forged token', () => ({ headers: { Authorization: `Bearer ${forged()}` }, body: valid }), 401, 'UNAUTHENTICATED'],
      ['an expired token', () => ({ headers: { Authorization: `Bearer ${expired()}` }, body: valid }), 401, 'UNAUTHENTICATED'],
      ['the wrong role', () => ({ headers: ledger.auth('auditor'), body: { ...valid, uscc: OTHER_USCC } }), 403, 'FORBIDDEN'],
    ];

    it.each(cases)('%s', async (_name, make, status, code) => {
      const { headers, body } = make();
      const response = await expectRefused(ledger, () => ledger.http.post('/v1/institutions').set(headers).send(body), status, code);
      expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    });

    it('names the offending fields', async () => {
      const response = await expectRefused(
        ledger,
        () => ledger.http.post('/v1/institutions').set(ledger.auth('registrar')).send({ ...valid, regionCode: '37', extra: true }),
        400,
        'VALIDATION_FAILED',
      );
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'regionCode']);
    });
  });
});
