import { JwtService } from '@nestjs/jwt';
import { Role } from '@app/application';
import { CommandDriver, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TEST_SECRET, TestLedger } from './support/test-app';

const U = uscc('11370100MB2853001');
const OTHER = uscc('11370100MB2853002');
const BAD_USCC = `${U.slice(0, 17)}${U[17] === '0' ? '1' : '0'}`;
const TODAY = '2026-06-01';
const FUTURE = '2026-06-02';
const ROLES: Role[] = ['registrar', 'credit-office', 'subject', 'discipline', 'supervisor', 'auditor', 'approver'];

type Body = Record<string, unknown>;

/** One POST command of the API with a valid request and the fields its refusals are aimed at. */
interface CommandSpec {
  name: string;
  path: () => string;
  roles: Role[];
  body: () => Body;
  /** A required string field (for the missing, wrong-type and oversize cases). */
  text: string;
  /** A date field; `future` lists the past-fact dates that may not be after today. */
  date?: string;
  future?: string[];
  enumField?: string;
  usccField?: string;
  usccPath?: () => string;
  /** The subject role may act, for its own institution's records only. */
  subjectActs?: boolean;
  /** On an existing resource: If-Match applies. */
  ifMatch?: boolean;
}

const clone = (body: Body): Body => JSON.parse(JSON.stringify(body));

function setPath(body: Body, path: string, value: unknown): Body {
  const copy = clone(body);
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys[keys.length - 1]] = value;
  return copy;
}

function withoutPath(body: Body, path: string): Body {
  const copy = clone(body);
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  delete target[keys[keys.length - 1]];
  return copy;
}

/** Filled in by the fixture before the table runs. */
const ids = { recordId: '', reportId: '' };

const SPECS: CommandSpec[] = [
  {
    name: 'appoint leader',
    path: () => `/v1/institutions/${U}/leaders`,
    roles: ['registrar'],
    body: () => ({ personId: 'p-next', name: '新任', title: '主任', effectiveOn: '2026-07-01' }),
    text: 'name',
    date: 'effectiveOn',
    usccPath: () => `/v1/institutions/${BAD_USCC}/leaders`,
    ifMatch: true,
  },
  {
    name: 'register official',
    path: () => '/v1/officials',
    roles: ['registrar'],
    body: () => ({ personId: 'p-new', name: '新人', institutionUscc: U, post: '科员' }),
    text: 'name',
    usccField: 'institutionUscc',
  },
  {
    name: 'make commitment',
    path: () => '/v1/commitments',
    roles: ['registrar'],
    body: () => ({
      institutionUscc: U,
      kind: 'DEADLINE',
      domain: 'PPP',
      title: 't',
      content: 'c',
      signedBy: 'p-wang',
      madeOn: TODAY,
      dueOn: '2026-12-31',
      channels: ['PORTAL'],
    }),
    text: 'title',
    date: 'dueOn',
    future: ['madeOn'],
    enumField: 'kind',
    usccField: 'institutionUscc',
  },
  {
    name: 'fulfil commitment',
    path: () => '/v1/commitments/cmt-open/fulfilment',
    roles: ['registrar'],
    body: () => ({ on: TODAY, evidence: 'e' }),
    text: 'evidence',
    date: 'on',
    future: ['on'],
    ifMatch: true,
  },
  {
    name: 'breach commitment',
    path: () => '/v1/commitments/cmt-open/breach',
    roles: ['credit-office'],
    body: () => ({ on: TODAY, description: 'd', documentNo: 'n', authority: 'a', severity: 'SERIOUS' }),
    text: 'description',
    date: 'on',
    future: ['on'],
    enumField: 'severity',
    ifMatch: true,
  },
  {
    name: 'amend commitment',
    path: () => '/v1/commitments/cmt-open/amendments',
    roles: ['registrar'],
    body: () => ({ on: TODAY, reasonCategory: 'PUBLIC_INTEREST', legalBasis: 'b', newDueOn: '2027-01-31' }),
    text: 'legalBasis',
    date: 'newDueOn',
    future: ['on'],
    enumField: 'reasonCategory',
    ifMatch: true,
  },
  {
    name: 'record dishonesty',
    path: () => '/v1/records',
    roles: ['credit-office'],
    body: () => ({
      subject: { kind: 'INSTITUTION', id: U },
      category: 'CONTRACT_BREACH',
      severity: 'GENERAL',
      domain: 'PPP',
      occurredOn: '2026-05-01',
      description: 'd',
      finding: { type: 'JUDICIAL_JUDGMENT', documentNo: 'n', authority: 'a', findingOn: TODAY },
    }),
    text: 'description',
    date: 'finding.findingOn',
    future: ['occurredOn', 'finding.findingOn'],
    enumField: 'category',
    usccField: 'subject.id',
  },
  {
    name: 'order rectification',
    path: () => `/v1/records/${ids.recordId}/rectification-orders`,
    roles: ['credit-office'],
    body: () => ({ orderedOn: TODAY, deadline: '2026-08-01', requirements: 'r' }),
    text: 'requirements',
    date: 'deadline',
    future: ['orderedOn'],
    ifMatch: true,
  },
  {
    name: 'report rectification',
    path: () => `/v1/records/${ids.recordId}/rectification-reports`,
    roles: ['subject', 'credit-office'],
    body: () => ({ reportedOn: TODAY, evidence: 'e' }),
    text: 'evidence',
    date: 'reportedOn',
    future: ['reportedOn'],
    subjectActs: true,
    ifMatch: true,
  },
  {
    name: 'review rectification',
    path: () => `/v1/records/${ids.recordId}/rectification-reports/${ids.reportId}/review`,
    roles: ['credit-office'],
    body: () => ({ reviewedOn: TODAY, accepted: false, reason: 'r' }),
    text: 'reason',
    date: 'reviewedOn',
    future: ['reviewedOn'],
    ifMatch: true,
  },
  {
    name: 'decide accountability',
    path: () => `/v1/records/${ids.recordId}/accountability-decisions`,
    roles: ['discipline'],
    body: () => ({ personId: 'p-wang', measure: 'CRITICISM_EDUCATION', decidedOn: TODAY, documentNo: 'n', authority: 'a' }),
    text: 'documentNo',
    date: 'decidedOn',
    future: ['decidedOn'],
    enumField: 'measure',
    ifMatch: true,
  },
  {
    name: 'decide mitigation',
    path: () => `/v1/records/${ids.recordId}/mitigation`,
    roles: ['discipline'],
    body: () => ({ decidedOn: TODAY, effect: 'REDUCED', basis: 'b' }),
    text: 'basis',
    date: 'decidedOn',
    future: ['decidedOn'],
    enumField: 'effect',
    ifMatch: true,
  },
  {
    name: 'file objection',
    path: () => `/v1/records/${ids.recordId}/objections`,
    roles: ['subject', 'credit-office'],
    body: () => ({ filedOn: TODAY, grounds: 'g' }),
    text: 'grounds',
    date: 'filedOn',
    future: ['filedOn'],
    subjectActs: true,
    ifMatch: true,
  },
  {
    name: 'decide objection',
    path: () => `/v1/records/${ids.recordId}/objections/obj-x/decision`,
    roles: ['credit-office'],
    body: () => ({ decidedOn: TODAY, outcome: 'CORRECTED', reason: 'r', corrections: { severity: 'MINOR', occurredOn: '2026-05-02' } }),
    text: 'reason',
    date: 'corrections.occurredOn',
    future: ['decidedOn'],
    enumField: 'outcome',
    ifMatch: true,
  },
  {
    name: 'apply for repair',
    path: () => `/v1/records/${ids.recordId}/repair-applications`,
    roles: ['subject', 'credit-office'],
    body: () => ({ appliedOn: TODAY, pledgeSigned: true, evidence: 'e' }),
    text: 'evidence',
    date: 'appliedOn',
    future: ['appliedOn'],
    subjectActs: true,
    ifMatch: true,
  },
  {
    name: 'decide repair',
    path: () => `/v1/records/${ids.recordId}/repair-applications/app-x/decision`,
    roles: ['credit-office'],
    body: () => ({ decidedOn: TODAY, granted: true, reason: 'r' }),
    text: 'reason',
    date: 'decidedOn',
    future: ['decidedOn'],
    ifMatch: true,
  },
  {
    name: 'lift award ban early',
    path: () => `/v1/award-bans/ban-${ids.recordId}/early-lift`,
    roles: ['credit-office'],
    body: () => ({ on: TODAY, legalBasis: 'b', decisionNo: 'n', reason: 'r' }),
    text: 'legalBasis',
    date: 'on',
    future: ['on'],
    ifMatch: true,
  },
  {
    name: 'designate exemplar',
    path: () => '/v1/exemplars',
    roles: ['credit-office'],
    body: () => ({ subject: { kind: 'INSTITUTION', id: OTHER }, title: '诚信之星', basis: 'b', designatedOn: TODAY, validUntil: '2027-06-01' }),
    text: 'title',
    date: 'validUntil',
    future: ['designatedOn'],
    enumField: 'subject.kind',
    usccField: 'subject.id',
  },
  {
    name: 'revoke exemplar',
    path: () => '/v1/exemplars/exm-x/revocation',
    roles: ['credit-office'],
    body: () => ({ on: TODAY, reason: 'r' }),
    text: 'reason',
    date: 'on',
    future: ['on'],
    ifMatch: true,
  },
];

interface Case {
  headers: Record<string, string>;
  path?: string;
  body: Body | string | unknown[];
  status: number;
  code: string;
}

type Auth = (role: Role, uscc?: string) => { Authorization: string };

function casesFor(spec: CommandSpec, tokenFor: Auth): Array<[string, () => Case]> {
  const role = spec.roles[0];
  const auth = () => tokenFor(role, role === 'subject' ? U : undefined);
  const bad = (body: Body): Case => ({ headers: auth(), body, status: 400, code: 'VALIDATION_FAILED' });
  const first = Object.keys(spec.body())[0];
  const forged = new JwtService({ secret: 'some-other-secret-0123456789' }).sign({ sub: 'mallory', role });
  const expired = new JwtService({ secret: TEST_SECRET }).sign({ sub: 'old', role, ...(role === 'subject' && { uscc: U }), exp: Math.floor(Date.now() / 1000) - 60 });
  const endless = new JwtService({ secret: TEST_SECRET }).sign({ sub: 'forever', role, ...(role === 'subject' && { uscc: U }) });
  const wrongRole = ROLES.find((r) => !spec.roles.includes(r))!;
  const cases: Array<[string, () => Case]> = [
    [`missing field ${first}`, () => bad(withoutPath(spec.body(), first))],
    [`missing field ${spec.text}`, () => bad(withoutPath(spec.body(), spec.text))],
    ['an unknown field', () => bad({ ...spec.body(), unexpected: true })],
    [`a wrong type for ${spec.text}`, () => bad(setPath(spec.body(), spec.text, 42))],
    ['a JSON array instead of an object', () => ({ headers: auth(), body: [spec.body()], status: 400, code: 'VALIDATION_FAILED' })],
    ['malformed JSON', () => ({ headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"on": ', status: 400, code: 'VALIDATION_FAILED' })],
    [
      'a body nested 2000 levels deep',
      () => ({
        headers: { ...auth(), 'Content-Type': 'application/json' },
        body: JSON.stringify(spec.body()).replace(/\}$/, `,"deep":${'['.repeat(2000)}${']'.repeat(2000)}}`),
        status: 400,
        code: 'VALIDATION_FAILED',
      }),
    ],
    ['a JSON body sent as text/plain', () => ({ headers: { ...auth(), 'Content-Type': 'text/plain' }, body: JSON.stringify(spec.body()), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' })],
    ['a body over 1 MiB', () => ({ headers: auth(), body: setPath(spec.body(), spec.text, 'x'.repeat(1024 * 1024 + 16)), status: 413, code: 'PAYLOAD_TOO_LARGE' })],
    ['no token', () => ({ headers: {}, body: spec.body(), status: 401, code: 'UNAUTHENTICATED' })],
    ['a forged token', () => ({ headers: { Authorization: `Bearer ${forged}` }, body: spec.body(), status: 401, code: 'UNAUTHENTICATED' })],
    ['an expired token', () => ({ headers: { Authorization: `Bearer ${expired}` }, body: spec.body(), status: 401, code: 'UNAUTHENTICATED' })],
    ['a token without exp', () => ({ headers: { Authorization: `Bearer ${endless}` }, body: spec.body(), status: 401, code: 'UNAUTHENTICATED' })],
    [`the wrong role (${wrongRole})`, () => ({ headers: tokenFor(wrongRole, wrongRole === 'subject' ? U : undefined), body: spec.body(), status: 403, code: 'FORBIDDEN' })],
    ['an Idempotency-Key that is not printable ASCII', () => ({ headers: { ...auth(), 'Idempotency-Key': 'k'.repeat(201) }, body: spec.body(), status: 400, code: 'VALIDATION_FAILED' })],
  ];
  if (spec.date) {
    const field = spec.date;
    cases.push([`an impossible date in ${field}`, () => bad(setPath(spec.body(), field, '2026-02-30'))]);
    cases.push([`a malformed date in ${field}`, () => bad(setPath(spec.body(), field, '01.06.2026'))]);
  }
  if (spec.future) {
    const fields = spec.future;
    cases.push([
      `a future ${fields.join(' and ')}`,
      () => ({ headers: auth(), body: fields.reduce((b, f) => setPath(b, f, FUTURE), spec.body()), status: 422, code: 'DATE_IN_FUTURE' }),
    ]);
  }
  if (spec.enumField) {
    const field = spec.enumField;
    cases.push([`an unknown value of ${field}`, () => bad(setPath(spec.body(), field, 'NOT_A_VALUE'))]);
  }
  if (spec.usccField) {
    const field = spec.usccField;
    cases.push([`an invalid USCC in ${field}`, () => ({ headers: auth(), body: setPath(spec.body(), field, BAD_USCC), status: 400, code: 'INVALID_USCC' })]);
  }
  if (spec.usccPath) {
    const path = spec.usccPath;
    cases.push(['an invalid USCC in the path', () => ({ headers: auth(), path: path(), body: spec.body(), status: 400, code: 'INVALID_USCC' })]);
  }
  if (spec.subjectActs) {
    cases.push(["another subject's record", () => ({ headers: tokenFor('subject', OTHER), body: spec.body(), status: 403, code: 'FORBIDDEN' })]);
    cases.push(['a subject token without its own USCC claim', () => {
      const token = new JwtService({ secret: TEST_SECRET }).sign({ sub: 'nobody', role: 'subject', exp: Math.floor(Date.now() / 1000) + 3600 });
      return { headers: { Authorization: `Bearer ${token}` }, body: spec.body(), status: 401, code: 'UNAUTHENTICATED' };
    }]);
  }
  if (spec.ifMatch) {
    cases.push(['an If-Match that is not a revision', () => ({ headers: { ...auth(), 'If-Match': '"abc"' }, body: spec.body(), status: 400, code: 'VALIDATION_FAILED' })]);
  }
  return cases;
}

/**
 * Every command of the API refuses bad input with a 4xx problem+json carrying a stable code, and
 * appends nothing. The fixture state is never changed by these requests, so the valid bodies
 * stay one wrong field away from success.
 */
describe('refused input on every command: 4xx problem+json, stable code, nothing appended', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, TODAY);
    const api = new CommandDriver(ledger);
    await api.registerInstitution(U);
    await api.registerInstitution(OTHER);
    await api.appointLeader(U, 'p-wang', '2025-01-01');
    await api.ok('/v1/commitments', 'registrar', { ...SPECS[2].body(), commitmentId: 'cmt-open', madeOn: '2026-05-01' }, 201);
    ids.recordId = await api.record(U, '2026-05-01');
    await api.order(ids.recordId, '2026-05-01', '2026-07-01');
    ids.reportId = (await api.ok(`/v1/records/${ids.recordId}/rectification-reports`, 'subject', { reportedOn: TODAY, evidence: 'e' }, 201, { uscc: U })).reportId;
  });
  afterAll(async () => {
    await ledger.stop();
  });

  describe.each(SPECS.map((spec) => [spec.name, spec] as const))('%s', (_name, spec) => {
    // Tokens are made when a case runs, once the service (and its secret) is up.
    it.each(casesFor(spec, (role, u) => ledger.auth(role, u)))('%s', async (_case, make) => {
      const { headers, path, body, status, code } = make();
      const response = await expectRefused(ledger, () => ledger.http.post(path ?? spec.path()).set(headers).send(body as object), status, code);
      expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    });
  });

  it('refuses __proto__ and constructor keys anywhere in a body as unknown fields, appending nothing', async () => {
    const body = JSON.stringify(SPECS[6].body()).replace(/^\{/, '{"__proto__":{"admin":true},').replace('"finding":{', '"finding":{"constructor":{"x":1},');
    const response = await expectRefused(
      ledger,
      () => ledger.http.post('/v1/records').set(ledger.auth('credit-office')).set('Content-Type', 'application/json').send(body),
      400,
      'VALIDATION_FAILED',
    );
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['__proto__', 'finding.constructor']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('names every offending field of a nested body', async () => {
    const response = await expectRefused(
      ledger,
      () =>
        ledger.http
          .post('/v1/records')
          .set(ledger.auth('credit-office'))
          .send({ ...SPECS[6].body(), subject: { kind: 'OFFICIAL', id: 'p-wang' }, finding: { type: 'RUMOUR', documentNo: 'n', authority: 'a', findingOn: TODAY, extra: 1 } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['finding.extra', 'finding.type', 'subject.institutionUscc']);
  });
});
