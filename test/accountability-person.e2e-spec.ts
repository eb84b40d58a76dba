import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { expectRefused } from './support/refusals';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853501');
/** An institution with no principal leader on record: its lapse opens an obligation naming nobody. */
const LEADERLESS = uscc('11370100MB2853502');
const ELSEWHERE = uscc('11370100MB2853503');
const TODAY = '2026-06-01';

const decision = (personId: string) => ({ personId, measure: 'ADMONISHMENT', decidedOn: TODAY, documentNo: '纪〔2026〕11号', authority: '区纪委' });

/** POST /v1/records/{id}/accountability-decisions names a registered official, through HTTP. */
describe('an accountability decision names a registered official, through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, TODAY);
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '某区住建局', '370102');
    await api.registerInstitution(LEADERLESS, '某街道办事处', '370102');
    await api.registerInstitution(ELSEWHERE, '某区财政局', '370102');
    await api.appointLeader(U, 'p-zhou', '2025-01-01', '周某');
    await api.ok('/v1/officials', 'registrar', { personId: 'p-moved', name: '吴某', institutionUscc: ELSEWHERE, post: '副局长' }, 201);
  });
  afterAll(async () => {
    await ledger.stop();
  });

  /** Posts, expects 404 SUBJECT_NOT_FOUND naming the person, and that the log's head did not move. */
  const refused = async (recordId: string, personId: string) => {
    const response = await expectRefused(ledger, () => api.post(`/v1/records/${recordId}/accountability-decisions`, 'discipline', decision(personId)), 404, 'SUBJECT_NOT_FOUND');
    expect(response.body).toMatchObject({ personId, detail: expect.stringContaining(personId) });
    expect((await api.stream(`record-${recordId}`)).filter((e) => e.type === 'AccountabilityDecided')).toEqual([]);
  };

  it('the review case: a person nobody registered is 404 SUBJECT_NOT_FOUND, nothing appended; the leader the obligation names is accepted', async () => {
    const { recordId } = await api.lapsedRecord(U, { findingOn: '2026-01-10', orderedOn: '2026-01-15', deadline: '2026-03-31' });
    await refused(recordId, 'ghost-person');
    // Nothing about the ghost is in the log: its history has no events (was: the decision).
    const history = await api.get('/v1/subjects/OFFICIAL/ghost-person/history', 'auditor');
    expect(history.status === 404 || history.body.events.length === 0).toBe(true);

    const decided = await api.ok<{ obligationId: string }>(`/v1/records/${recordId}/accountability-decisions`, 'discipline', decision('p-zhou'), 201);
    expect(decided.obligationId).toBe('obligation-1');
  });

  it('also on a record with no obligation: a decision there must still name a registered official', async () => {
    const recordId = await api.record(U, '2026-05-01');
    await refused(recordId, 'ghost-person');
  });

  it('an obligation with no leader on record is closed by a registered official, wherever they serve, never by an unknown person', async () => {
    const { recordId } = await api.lapsedRecord(LEADERLESS, { findingOn: '2026-01-10', orderedOn: '2026-01-15', deadline: '2026-03-31' });
    const [required] = (await api.stream(`record-${recordId}`)).filter((e) => e.type === 'AccountabilityRequired');
    expect(required.data).toMatchObject({ obligationId: 'obligation-1', personId: null });
    await refused(recordId, 'ghost-person');

    const decided = await api.ok<{ obligationId: string; position: string }>(`/v1/records/${recordId}/accountability-decisions`, 'discipline', decision('p-moved'), 201);
    expect(decided.obligationId).toBe('obligation-1');
    const archive = expectStatus(
      await ledger.http.get('/v1/officials/p-moved/archive').query({ consistentWith: decided.position }).set(ledger.auth('discipline')),
      200,
    );
    expect(archive.body.subject).toMatchObject({ id: 'p-moved' });
  });
});
