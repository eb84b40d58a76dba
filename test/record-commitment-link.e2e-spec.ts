import { CommandDriver, expectStatus } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

/** Two institutions of Jinan, as in the review: B's record named a commitment of A. */
const A = '11370100MB28501230';
const B = '11370100MB28501269';
const TODAY = '2026-06-01';

const recordBody = (recordId: string, extra: Record<string, unknown> = {}) => ({
  recordId,
  subject: { kind: 'INSTITUTION', id: B },
  category: 'COMMITMENT_UNFULFILLED',
  severity: 'GENERAL',
  domain: 'ADMINISTRATIVE_SERVICES',
  occurredOn: '2026-04-01',
  description: '承诺未兑现',
  finding: { type: 'VERIFIED_COMPLAINT', documentNo: '济信〔2026〕7号', authority: '市信用办', findingOn: '2026-04-10' },
  ...extra,
});

const commitmentOf = (commitmentId: string, institutionUscc: string, signedBy: string) => ({
  commitmentId,
  institutionUscc,
  kind: 'DEADLINE',
  domain: 'ADMINISTRATIVE_SERVICES',
  title: '企业开办一日办结',
  content: '企业开办全流程一个工作日内办结',
  signedBy,
  madeOn: '2026-01-05',
  dueOn: '2026-03-31',
  channels: ['PORTAL'],
});

/** POST /v1/records naming a commitment: it must exist, be the record's institution's, and not have been kept. */
describe('a record names a commitment of its own institution, through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, TODAY);
    api = new CommandDriver(ledger);
    await api.registerInstitution(A, '济南市某局', '370100');
    await api.registerInstitution(B, '济南市另一局', '370100');
    await api.appointLeader(A, 'p-a-leader', '2025-01-01', '甲某');
    await api.appointLeader(B, 'p-b-leader', '2025-01-01', '乙某');
    await api.ok('/v1/officials', 'registrar', { personId: 'p-b-staff', name: '丙某', institutionUscc: B, post: '科长' }, 201);
    // c2: A's commitment, already fulfilled; cb-kept: B's, fulfilled; cb-open: B's, still open (overdue).
    await api.ok('/v1/commitments', 'registrar', commitmentOf('c2', A, 'p-a-leader'), 201);
    await api.ok('/v1/commitments/c2/fulfilment', 'registrar', { on: '2026-03-20', evidence: '办结记录' }, 200);
    await api.ok('/v1/commitments', 'registrar', commitmentOf('cb-kept', B, 'p-b-leader'), 201);
    await api.ok('/v1/commitments/cb-kept/fulfilment', 'registrar', { on: '2026-03-25', evidence: '办结记录' }, 200);
    await api.ok('/v1/commitments', 'registrar', commitmentOf('cb-open', B, 'p-b-leader'), 201);
  });
  afterAll(async () => {
    await ledger.stop();
  });

  /** Posts, expects `status` with `code` as problem+json, and that the log's head did not move. */
  const refused = async (body: object, status: number, code: string) =>
    (await expectRefused(ledger, () => api.post('/v1/records', 'credit-office', body), status, code)).body;

  it('a commitmentId that names no commitment is 404 COMMITMENT_NOT_FOUND, nothing appended', async () => {
    const body = await refused(recordBody('r-ghost', { commitmentId: 'c-ghost' }), 404, 'COMMITMENT_NOT_FOUND');
    expect(body).toMatchObject({ commitmentId: 'c-ghost', detail: expect.stringContaining('c-ghost') });
    expect(await api.stream('record-r-ghost')).toEqual([]);
  });

  it('the review case: B’s record naming A’s (fulfilled) commitment c2 is 422 COMMITMENT_OF_ANOTHER_INSTITUTION, nothing appended', async () => {
    const body = await refused(recordBody('rC2', { commitmentId: 'c2' }), 422, 'COMMITMENT_OF_ANOTHER_INSTITUTION');
    expect(body).toMatchObject({ commitmentId: 'c2', detail: expect.stringContaining(B) });
    expect(await api.stream('record-rC2')).toEqual([]);
    expect(expectStatus(await api.get('/v1/records/rC2', 'credit-office'), 404).body.code).toBe('NOT_FOUND');
  });

  it('a record about an official naming a commitment of another institution than the official’s is 422 too', async () => {
    const subject = { kind: 'OFFICIAL', id: 'p-b-staff', institutionUscc: B };
    await refused(recordBody('r-official-c2', { subject, category: 'OTHER', commitmentId: 'c2' }), 422, 'COMMITMENT_OF_ANOTHER_INSTITUTION');
    expect(await api.stream('record-r-official-c2')).toEqual([]);
  });

  it('a fulfilled commitment of the institution itself is 422 COMMITMENT_FULFILLED with the day it was kept, nothing appended', async () => {
    const body = await refused(recordBody('r-kept', { commitmentId: 'cb-kept' }), 422, 'COMMITMENT_FULFILLED');
    expect(body).toMatchObject({ commitmentId: 'cb-kept', fulfilledOn: '2026-03-25' });
  });

  it('a failing dated before the commitment was made is 400 on occurredOn, nothing appended', async () => {
    const body = await refused(recordBody('r-early', { commitmentId: 'cb-open', occurredOn: '2026-01-04' }), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'occurredOn' })]);
  });

  it('an open (overdue) commitment of the institution is accepted, and its signatory is traced', async () => {
    const { position } = await api.ok('/v1/records', 'credit-office', recordBody('r-open', { commitmentId: 'cb-open' }), 201);
    const [recorded] = await api.stream('record-r-open');
    expect(recorded).toMatchObject({ type: 'DishonestyRecorded', data: { commitmentId: 'cb-open', subject: { kind: 'INSTITUTION', id: B } } });
    const trace = expectStatus(
      await ledger.http.get('/v1/records/r-open/accountability-trace').query({ consistentWith: position }).set(ledger.auth('discipline')),
      200,
    );
    expect(trace.body.persons).toEqual(expect.arrayContaining([expect.objectContaining({ personId: 'p-b-leader', roles: expect.arrayContaining(['SIGNATORY']) })]));
    expect(trace.body.persons.map((p: { personId: string }) => p.personId)).not.toContain('p-a-leader');
  });

  it('the breach path still opens its record with the commitmentId; a further record about the official may name the breached commitment', async () => {
    const breach = await api.ok<{ recordId: string }>('/v1/commitments/cb-open/breach', 'credit-office', {
      on: '2026-04-15',
      description: '逾期未办结',
      documentNo: '济信〔2026〕9号',
      authority: '市信用办',
    }, 201);
    const [opened] = await api.stream(`record-${breach.recordId}`);
    expect(opened).toMatchObject({ type: 'DishonestyRecorded', data: { commitmentId: 'cb-open', category: 'COMMITMENT_UNFULFILLED', finding: { type: 'COMMITMENT_BREACH' } } });

    const subject = { kind: 'OFFICIAL', id: 'p-b-staff', institutionUscc: B };
    await api.ok('/v1/records', 'credit-office', recordBody('r-official-breach', { subject, category: 'OTHER', commitmentId: 'cb-open', occurredOn: '2026-04-15', finding: { type: 'DISCIPLINARY_SANCTION', documentNo: '纪〔2026〕2号', authority: '区纪委', findingOn: '2026-04-20' } }), 201);
    const [official] = await api.stream('record-r-official-breach');
    expect(official).toMatchObject({ data: { commitmentId: 'cb-open', subject } });
  });
});
