import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2854001');
const UNKNOWN = uscc('11370112MB2854002');
/** U with a wrong check character. */
const WRONG_CHECK = `${U.slice(0, 17)}${U[17] === '0' ? '1' : '0'}`;

/**
 * A USCC in a query parameter is refused as in a path or a body (api.md): 400 INVALID_USCC, its own
 * code, naming the parameter — not VALIDATION_FAILED.
 */
describe('a malformed USCC in a query parameter is 400 INVALID_USCC naming the parameter', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let position: string;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-01-05');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '济南高新区管委会', '370100');
    const recordId = await api.record(U, '2025-12-01');
    await api.order(recordId, '2025-12-10', '2025-12-31');
    position = (await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).position;
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it.each([
    ['a wrong check character', WRONG_CHECK],
    ['a letter outside the GB 32100 alphabet', '91370100MA3C5XYZ1I'],
    ['too short a code', U.slice(0, 17)],
    ['an empty value', ''],
  ])('GET /v1/lists/award-bans?subjectId= with %s', async (_, subjectId) => {
    const response = await expectRefused(ledger, () => api.get(`/v1/lists/award-bans?subjectId=${encodeURIComponent(subjectId)}`, 'auditor'), 400, 'INVALID_USCC');
    expect(response.body.errors).toEqual([{ field: 'subjectId', message: expect.any(String) }]);
  });

  it('shapes the refusal as the archive path does for the same code', async () => {
    const query = (await api.get(`/v1/lists/award-bans?subjectId=${WRONG_CHECK}`, 'auditor').expect(400)).body;
    const path = (await api.get(`/v1/institutions/${WRONG_CHECK}/archive`, 'auditor').expect(400)).body;
    expect(query).toMatchObject({ type: path.type, title: path.title, status: 400, code: 'INVALID_USCC' });
    expect(query.errors).toEqual(path.errors.map((e: { message: string }) => ({ field: 'subjectId', message: e.message })));
  });

  it('still answers VALIDATION_FAILED for the other parameters, and for a repeated subjectId (not one code)', async () => {
    const bad = await expectRefused(ledger, () => api.get(`/v1/lists/award-bans?subjectId=${U}&activeOn=2026-02-30`, 'auditor'), 400, 'VALIDATION_FAILED');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'activeOn' })]);
    const repeated = await expectRefused(ledger, () => api.get(`/v1/lists/award-bans?subjectId=${U}&subjectId=${U}`, 'auditor'), 400, 'VALIDATION_FAILED');
    expect(repeated.body.errors).toEqual([expect.objectContaining({ field: 'subjectId' })]);
  });

  it('filters by a valid code as before: the ban of U, none for a code with no ban', async () => {
    const bans = expectStatus(await api.get(`/v1/lists/award-bans?subjectId=${U}&consistentWith=${position}`, 'auditor'), 200).body;
    expect(bans.items).toEqual([expect.objectContaining({ subject: { kind: 'INSTITUTION', id: U } })]);
    const none = expectStatus(await api.get(`/v1/lists/award-bans?subjectId=${UNKNOWN}&consistentWith=${position}`, 'auditor'), 200).body;
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('answers INVALID_USCC for every query parameter the OpenAPI description gives as a USCC', async () => {
    const docs = (await ledger.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string; description?: string }> } }>;
    };
    const carriesUscc = (p: { name: string; description?: string }) => /uscc/i.test(p.name) || /\bUSCC\b|social credit code/i.test(p.description ?? '');
    const cases = Object.entries(docs.paths).flatMap(([path, item]) =>
      (item.get?.parameters ?? []).filter((p) => p.in === 'query' && carriesUscc(p)).map((p) => ({ path: path.replace(/\{[^}]+\}/g, U), name: p.name })),
    );
    expect(cases).toEqual(expect.arrayContaining([{ path: '/v1/lists/award-bans', name: 'subjectId' }]));
    for (const { path, name } of cases) {
      const response = await expectRefused(ledger, () => api.get(`${path}?${name}=${WRONG_CHECK}`, 'auditor'), 400, 'INVALID_USCC');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: name })]);
    }
  });
});
