import { createHash } from 'node:crypto';
import { withUsccCheckCharacter } from '@app/domain';
import { canonicalJson, GENESIS_HASH, StoredEvent } from '@app/event-store';
import { CommandDriver } from './support/command-driver';
import { runCli } from './support/cli';
import { LEDGER_CONFIG, LedgerConfig } from '@app/application';
import { IndexedSubjectStreamLocator, LocatedStream, LogSubjectStreamIndex, SUBJECT_STREAM_LOCATOR, SubjectStreamLocator } from '@app/application/audit';
import { ProjectionRunner } from '@app/read-model';
import { TestLedger } from './support/test-app';

const USCC = withUsccCheckCharacter('11370100MB2850123');
const OTHER_USCC = withUsccCheckCharacter('11370112MB1957456');

interface HistoryEventBody {
  position: string;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** hash = SHA-256(prevHash ‖ JCS({streamId, revision, type, data, metadata})), from the response alone. */
const recomputed = (e: HistoryEventBody): string =>
  createHash('sha256')
    .update(e.prevHash)
    .update(canonicalJson({ streamId: e.streamId, revision: e.revision, type: e.type, data: e.data, metadata: e.metadata }))
    .digest('hex');

/** The lifecycle of domain.md §4 for one institution, driven through the HTTP API as clients do. */
describe('audit: a subject history through the whole lifecycle', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let r1: string;
  let r2: string;
  let checkId: string;
  let breachEvent: StoredEvent;
  let lapse: number[];
  let revocation: number[];
  const beforeRevocation = '2025-05-20T01:59:59.999Z';
  const afterRevocation = '2025-05-20T02:00:00.000Z';

  const at = (date: string): void => ledger.clock.set(`${date}T10:00:00+08:00`);
  /** The events one command appended to a stream: those after `since`, up to the position it answered. */
  const appendedBy = async (streamId: string, since: number, answer: { position: string }): Promise<StoredEvent[]> =>
    (await ledger.store.readStream(streamId)).filter((e) => e.position > since && e.position <= Number(answer.position));
  /** Sagas react on the store subscription: wait until a stream holds `count` events. */
  async function streamOf(streamId: string, count: number): Promise<StoredEvent[]> {
    for (let waited = 0; ; waited += 20) {
      const events = await ledger.store.readStream(streamId);
      if (events.length >= count) return events;
      if (waited > 5000) throw new Error(`${streamId} has ${events.length} events, expected ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2024-01-10');
    api = new CommandDriver(ledger);

    await api.registerInstitution(USCC, '济南高新区管委会', '370100');
    await api.registerInstitution(OTHER_USCC, '某镇政府', '370112');
    await api.appointLeader(USCC, 'p-wang', '2022-03-15', '王某');

    at('2024-03-01');
    await api.ok(
      '/v1/exemplars',
      'credit-office',
      { exemplarId: 'e-1', subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信之星', basis: '2023年度考评', designatedOn: '2024-03-01' },
      201,
    );

    at('2024-05-06');
    await api.ok(
      '/v1/commitments',
      'registrar',
      {
        commitmentId: 'c-1',
        institutionUscc: USCC,
        kind: 'DEADLINE',
        domain: 'INVESTMENT_ATTRACTION',
        title: '招商引资奖励30日内兑现',
        content: '对符合条件的企业30日内兑现奖励资金',
        signedBy: 'p-wang',
        madeOn: '2024-05-06',
        dueOn: '2024-06-05',
        channels: ['PORTAL'],
      },
      201,
    );

    // 新官不理旧账: the leader changes; the commitment stands.
    at('2024-06-01');
    await api.appointLeader(USCC, 'p-li', '2024-06-01', '李某');

    // The breach opens the record by the service's own reaction, caused by the breach event.
    at('2024-07-01');
    const breach = await api.ok<{ recordId: string; position: string }>(
      '/v1/commitments/c-1/breach',
      'credit-office',
      { on: '2024-07-01', description: '奖励资金逾期未兑现', documentNo: '济高信〔2024〕7号', authority: '济南高新区信用办' },
      201,
    );
    r1 = breach.recordId;
    breachEvent = (await ledger.store.readStream('commitment-c-1')).find((e) => e.type === 'CommitmentBreached')!;
    await streamOf(`record-${r1}`, 1);

    at('2024-07-05');
    await api.order(r1, '2024-07-05', '2024-08-05');

    // The deadline passes; the sweep lapses the order: listed, banned, accountability required;
    // the red-list title goes by joint punishment.
    at('2024-08-07');
    const head = await ledger.eventCount();
    const swept = await api.ok<{ lapsed: number; position: string }>('/v1/admin/deadline-sweep', 'credit-office', {}, 200);
    expect(swept.lapsed).toBe(1);
    lapse = (await appendedBy(`record-${r1}`, head, swept)).map((e) => e.position);
    await streamOf('exemplar-e-1', 2);

    at('2024-08-10');
    await api.ok(`/v1/records/${r1}/objections`, 'subject', { objectionId: 'obj-1', filedOn: '2024-08-10', grounds: '已部分兑现' }, 201, { uscc: USCC });
    at('2024-08-15');
    await api.ok(`/v1/records/${r1}/objections/obj-1/decision`, 'credit-office', { decidedOn: '2024-08-15', outcome: 'REJECTED', reason: '未全额兑现' }, 200);
    at('2024-08-20');
    const report = await api.ok<{ reportId: string }>(
      `/v1/records/${r1}/rectification-reports`,
      'subject',
      { reportedOn: '2024-08-20', evidence: '兑现凭证' },
      201,
      { uscc: USCC },
    );
    at('2024-08-25');
    await api.ok(`/v1/records/${r1}/rectification-reports/${report.reportId}/review`, 'credit-office', { reviewedOn: '2024-08-25', accepted: true }, 200);
    at('2024-09-01');
    await api.ok(
      `/v1/records/${r1}/accountability-decisions`,
      'discipline',
      { personId: 'p-li', measure: 'CRITICISM_EDUCATION', decidedOn: '2024-09-01', documentNo: '纪〔2024〕3号', authority: '区纪工委' },
      201,
    );
    at('2024-10-10');
    checkId = (
      await api.ok<{ checkId: string }>(
        '/v1/checks',
        'approver',
        { subject: { kind: 'INSTITUTION', id: USCC }, matter: 'AWARD_EVALUATION', on: '2024-10-10', caseRef: '评优-2024-88' },
        201,
      )
    ).checkId;

    at('2025-02-10');
    await api.ok(
      `/v1/records/${r1}/repair-applications`,
      'subject',
      { applicationId: 'app-1', appliedOn: '2025-02-10', pledgeSigned: true, evidence: '信用承诺书' },
      201,
      { uscc: USCC },
    );
    at('2025-02-12');
    await api.ok(`/v1/records/${r1}/repair-applications/app-1/decision`, 'credit-office', { decidedOn: '2025-02-12', granted: true, reason: '已整改' }, 200);
    at('2025-03-01');
    await api.ok(
      `/v1/award-bans/ban-${r1}/early-lift`,
      'credit-office',
      { on: '2025-03-01', legalBasis: '《关于加强政务诚信建设的指导意见》', decisionNo: '济高信〔2025〕2号', reason: '整改到位' },
      200,
    );

    // A second record, listed and then revoked on objection (RECORD_REVOKED).
    at('2025-04-01');
    r2 = await api.record(USCC, '2025-03-20', { occurredOn: '2025-03-01' });
    at('2025-04-02');
    await api.order(r2, '2025-04-02', '2025-04-30');
    at('2025-05-02');
    expect((await api.ok<{ lapsed: number }>('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).lapsed).toBe(1);
    at('2025-05-10');
    await api.ok(`/v1/records/${r2}/objections`, 'subject', { objectionId: 'obj-1', filedOn: '2025-05-10', grounds: '欠款已于2025-02结清' }, 201, {
      uscc: USCC,
    });
    at('2025-05-20');
    const beforeDecision = await ledger.eventCount();
    const decided = await api.ok<{ position: string }>(
      `/v1/records/${r2}/objections/obj-1/decision`,
      'credit-office',
      { decidedOn: '2025-05-20', outcome: 'RECORD_REVOKED', reason: '记录所依据的事实不存在' },
      200,
    );
    revocation = (await appendedBy(`record-${r2}`, beforeDecision, decided)).map((e) => e.position);

    // Later facts: an official's own record, and another institution's leader.
    at('2025-06-05');
    await api.ok(
      '/v1/records',
      'credit-office',
      {
        recordId: 'r-3',
        subject: { kind: 'OFFICIAL', id: 'p-li', institutionUscc: USCC },
        category: 'NEW_OFFICIAL_IGNORES_OLD_DEBTS',
        severity: 'MINOR',
        domain: 'INVESTMENT_ATTRACTION',
        occurredOn: '2025-05-01',
        description: '拒不兑现前任承诺',
        finding: { type: 'DISCIPLINARY_SANCTION', documentNo: '纪〔2025〕9号', authority: '区纪工委', findingOn: '2025-06-01' },
      },
      201,
    );
    await api.appointLeader(OTHER_USCC, 'p-sun', '2025-01-01', '孙某');
  });

  afterAll(async () => {
    await ledger.stop();
  });

  const history = (kind: string, id: string, query: Record<string, string> = {}) =>
    ledger.http.get(`/v1/subjects/${kind}/${id}/history`).query(query).set(ledger.auth('auditor'));

  async function logEventsOf(streams: Set<string>): Promise<StoredEvent[]> {
    return (await ledger.store.readAll()).filter((e) => streams.has(e.streamId));
  }

  it('contains every event of every stream of the institution, in log order, each chain unbroken', async () => {
    const response = await history('INSTITUTION', USCC).expect(200);
    const body = response.body as { events: HistoryEventBody[]; verified: boolean; streams: Array<{ streamId: string; verified: boolean }> };
    expect(body.verified).toBe(true);

    const streams = new Set([`institution-${USCC}`, 'commitment-c-1', `record-${r1}`, `record-${r2}`, 'exemplar-e-1', `check-${checkId}`]);
    expect(new Set(body.streams.map((s) => s.streamId))).toEqual(streams);
    expect(body.streams.every((s) => s.verified)).toBe(true);
    const expected = await logEventsOf(streams);
    expect(body.events.map((e) => e.position)).toEqual(expected.map((e) => String(e.position)));
    expect(body.events.map((e) => e.hash)).toEqual(expected.map((e) => e.metadata.hash));

    // Every chain link and hash, recomputed from the response itself.
    const tips = new Map<string, HistoryEventBody>();
    for (const event of body.events) {
      const previous = tips.get(event.streamId);
      expect(event.revision).toBe(previous ? previous.revision + 1 : 0);
      expect(event.prevHash).toBe(previous ? previous.hash : GENESIS_HASH);
      expect(recomputed(event)).toBe(event.hash);
      tips.set(event.streamId, event);
    }

    // The lifecycle, in order: commitment, leadership change, breach, lapse, listing, ban,
    // objection, repair, early lift.
    const types = body.events.filter((e) => e.streamId !== `record-${r2}`).map((e) => e.type);
    const lifecycle = [
      'InstitutionRegistered',
      'PrincipalLeaderAppointed',
      'ExemplarDesignated',
      'CommitmentMade',
      'PrincipalLeaderAppointed',
      'CommitmentBreached',
      'DishonestyRecorded',
      'RectificationOrdered',
      'RectificationDeadlineLapsed',
      'InstitutionListed',
      'AwardBanImposed',
      'AccountabilityRequired',
      'ExemplarRevoked',
      'ObjectionFiled',
      'ObjectionDecided',
      'RectificationReported',
      'RectificationReviewed',
      'AccountabilityDecided',
      'CreditCheckPerformed',
      'RepairApplied',
      'RepairDecided',
      'PublicationEnded',
      'InstitutionDelisted',
      'AwardBanLiftedEarly',
    ];
    let cursor = 0;
    for (const type of types) if (type === lifecycle[cursor]) cursor += 1;
    expect(lifecycle.slice(cursor)).toEqual([]);
  });

  it('gives each event its metadata: actor, role, recordedAt, correlation and causation', async () => {
    const { body } = await history('INSTITUTION', USCC).expect(200);
    const events = body.events as HistoryEventBody[];
    for (const event of events) {
      expect(event.metadata).toMatchObject({
        actor: { sub: expect.any(String), role: expect.any(String) },
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        correlationId: expect.any(String),
        causationId: expect.any(String),
        schemaVersion: expect.any(Number),
        prevHash: event.prevHash,
      });
      expect(event.metadata).not.toHaveProperty('hash');
    }
    const recorded = events.find((e) => e.streamId === `record-${r1}` && e.type === 'DishonestyRecorded')!;
    expect(recorded.metadata.causationId).toBe(breachEvent.id);
    const lapsed = events.find((e) => e.type === 'RectificationDeadlineLapsed' && e.streamId === `record-${r1}`)!;
    expect(lapsed.position).toBe(String(lapse[0]));
  });

  it('knownAt before and after a revocation differ exactly by the revocation’s events', async () => {
    const before = (await history('INSTITUTION', USCC, { knownAt: beforeRevocation }).expect(200)).body;
    const after = (await history('INSTITUTION', USCC, { knownAt: afterRevocation }).expect(200)).body;
    expect(before.knownAt).toBe(beforeRevocation);
    const seen = new Set((before.events as HistoryEventBody[]).map((e) => e.position));
    const added = (after.events as HistoryEventBody[]).filter((e) => !seen.has(e.position));
    expect(added.map((e) => e.position)).toEqual(revocation.map(String));
    expect(added.map((e) => e.type)).toEqual([
      'ObjectionDecided',
      'RecordRevoked',
      'InstitutionDelisted',
      'AwardBanVoided',
      'PublicationEnded',
      'AccountabilityObligationCancelled',
    ]);
    expect((after.events as HistoryEventBody[]).length).toBe(before.events.length + revocation.length);
    // The cut is by instant; the chains are still checked whole, and each stream says how many of its events the history shows.
    expect(before.verified).toBe(true);
    const shownBefore = new Map((before.streams as Array<{ streamId: string; eventCount: number; eventsShown: number }>).map((s) => [s.streamId, s]));
    for (const [streamId, stream] of shownBefore) {
      expect(stream.eventsShown).toBe((before.events as HistoryEventBody[]).filter((e) => e.streamId === streamId).length);
    }
    const revoked = (after.events as HistoryEventBody[]).find((e) => e.type === 'RecordRevoked')!.streamId;
    expect(shownBefore.get(revoked)!.eventCount - shownBefore.get(revoked)!.eventsShown).toBe(revocation.length);
    const now = (await history('INSTITUTION', USCC).expect(200)).body;
    expect(now.events).toEqual(after.events);
  });

  it('an official’s history: the records about them, their appointment and registration, what they are a party to elsewhere', async () => {
    const { body } = await history('OFFICIAL', 'p-li').expect(200);
    const events = body.events as HistoryEventBody[];
    expect(body.verified).toBe(true);
    // Their institution's stream only where it names them; the records holding their accountability
    // (r1, r2) and the record about them (r-3) whole.
    const institutionEvents = events.filter((e) => e.streamId === `institution-${USCC}`);
    expect(institutionEvents.map((e) => e.type)).toEqual(['PrincipalLeaderAppointed', 'OfficialRegistered']);
    for (const event of institutionEvents) expect(event.data.personId).toBe('p-li');
    const whole = await logEventsOf(new Set([`record-${r1}`, `record-${r2}`, 'record-r-3']));
    expect(events.filter((e) => e.streamId !== `institution-${USCC}`).map((e) => e.position)).toEqual(whole.map((e) => String(e.position)));
    expect(events.map((e) => Number(e.position))).toEqual(events.map((e) => Number(e.position)).sort((a, b) => a - b));
    // What ended their obligation on r2 names no person, and is in their history all the same.
    expect(events.filter((e) => e.streamId === `record-${r2}` && revocation.includes(Number(e.position))).map((e) => e.type)).toEqual([
      'ObjectionDecided',
      'RecordRevoked',
      'InstitutionDelisted',
      'AwardBanVoided',
      'PublicationEnded',
      'AccountabilityObligationCancelled',
    ]);
    expect(new Set(body.streams.map((s: { streamId: string; scope: string }) => `${s.streamId} ${s.scope}`))).toEqual(
      new Set([`institution-${USCC} mentions`, `record-${r1} whole`, `record-${r2} whole`, 'record-r-3 whole']),
    );
    // The signatory of the breached commitment is traced to it and its breach; the successor is not.
    const wang = (await history('OFFICIAL', 'p-wang').expect(200)).body.events as HistoryEventBody[];
    expect(wang.map((e) => e.type)).toEqual(['PrincipalLeaderAppointed', 'OfficialRegistered', 'CommitmentMade', 'CommitmentBreached']);
    expect(events.some((e) => e.streamId === 'commitment-c-1')).toBe(false);
  });

  it('keeps other subjects out', async () => {
    const { body } = await history('INSTITUTION', OTHER_USCC).expect(200);
    expect(new Set((body.events as HistoryEventBody[]).map((e) => e.streamId))).toEqual(new Set([`institution-${OTHER_USCC}`]));
    expect((body.events as HistoryEventBody[]).map((e) => e.type)).toEqual(['InstitutionRegistered', 'PrincipalLeaderAppointed', 'OfficialRegistered']);
  });

  it('refuses what is not an auditor’s question', async () => {
    await ledger.http.get(`/v1/subjects/INSTITUTION/${USCC}/history`).expect(401);
    await ledger.http.get(`/v1/subjects/INSTITUTION/${USCC}/history`).set(ledger.auth('credit-office')).expect(403);
    expect((await history('INSTITUTION', withUsccCheckCharacter('12370100495570789')).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await history('COMPANY', USCC).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await history('INSTITUTION', 'not-a-uscc').expect(400)).body.code).toBe('INVALID_USCC');
    expect((await history('INSTITUTION', USCC, { knownAt: '2025-05-20' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await history('INSTITUTION', USCC, { knownAt: '2025-02-30T00:00:00Z' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await history('INSTITUTION', USCC, { other: 'x' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    // Before the subject existed: nothing known yet, not an error.
    const early = await history('INSTITUTION', USCC, { knownAt: '2020-01-01T00:00:00Z' }).expect(200);
    expect(early.body.events).toEqual([]);
  });

  it('answers provenance: the events at given positions, each hash rechecked', async () => {
    const positions = [...lapse, 999999].join(',');
    const { body } = await ledger.http.get('/v1/audit/events').query({ positions }).set(ledger.auth('auditor')).expect(200);
    expect(body.events.map((e: HistoryEventBody) => e.type)).toEqual([
      'RectificationDeadlineLapsed',
      'InstitutionListed',
      'AwardBanImposed',
      'AccountabilityRequired',
    ]);
    expect(body.events.every((e: Record<string, unknown>) => e.hashValid && e.prevHashLinked && e.anchorValid && e.verified)).toBe(true);
    expect(body.missing).toEqual(['999999']);
    expect((await ledger.http.get('/v1/audit/events').query({ positions: 'a,b' }).set(ledger.auth('auditor')).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  describe('ledger replay', () => {
    const replay = (...args: string[]) => runCli(['replay', ...args], ledger.app.get<LedgerConfig>(LEDGER_CONFIG));

    it('prints the timeline: every event, why it happened and what it changed', async () => {
      const run = await replay('--subject', `INSTITUTION:${USCC}`);
      expect(run.code).toBe(0);
      const { body } = await history('INSTITUTION', USCC).expect(200);
      const headers = run.stdout.split('\n').filter((line) => line.startsWith('#'));
      expect(headers.map((line) => line.split(/\s+/)[0])).toEqual((body.events as HistoryEventBody[]).map((e) => `#${e.position}`));
      expect(run.stdout.startsWith(`History of INSTITUTION ${USCC}: ${body.events.length} events in 6 streams`)).toBe(true);
      expect(run.stdout).toContain('Chains: every hash and link of all 6 streams checks out');

      const block = (type: string, streamId: string): string => {
        const start = run.stdout.indexOf(`${streamId}@`, run.stdout.indexOf(`  ${type}`) - 200);
        const from = run.stdout.lastIndexOf('\n#', run.stdout.indexOf(`  ${type}`, start)) + 1;
        const to = run.stdout.indexOf('\n#', from + 1);
        return run.stdout.slice(from, to);
      };
      expect(block('DishonestyRecorded', `record-${r1}`)).toMatch(/reacting to #\d+ CommitmentBreached in commitment-c-1/);
      expect(block('CommitmentBreached', 'commitment-c-1')).toMatch(/~ outcome\.kind: "OPEN" → "BREACHED"/);
      expect(block('AwardBanLiftedEarly', `record-${r1}`)).toMatch(/\+ ban\.liftedEarly: \{"on":"2025-03-01"/);
      expect(block('AwardBanLiftedEarly', `record-${r1}`)).toContain('by test-credit-office (credit-office)');
      expect(block('RecordRevoked', `record-${r2}`)).toMatch(/~ status: "ACTIVE" → "REVOKED"/);
    });

    it('--scan-log finds the streams from the log alone, with the same timeline as the read side’s index', async () => {
      const indexed = await replay('--subject', `INSTITUTION:${USCC}`, '--format', 'json');
      const scanned = await replay('--subject', `INSTITUTION:${USCC}`, '--format', 'json', '--scan-log');
      expect(scanned.code).toBe(0);
      const steps = (run: { stdout: string }) => JSON.parse(run.stdout).steps;
      expect(steps(scanned)).toEqual(steps(indexed));
    });

    it('--known-at cuts where the API cuts, and --format json gives the state after each event', async () => {
      const run = await replay('--subject', `INSTITUTION:${USCC}`, '--known-at', beforeRevocation, '--format', 'json');
      expect(run.code).toBe(0);
      const timeline = JSON.parse(run.stdout);
      const { body } = await history('INSTITUTION', USCC, { knownAt: beforeRevocation }).expect(200);
      expect(timeline.steps.map((s: { position: string }) => s.position)).toEqual((body.events as HistoryEventBody[]).map((e) => e.position));
      expect(timeline).toMatchObject({ verified: true, knownAt: beforeRevocation, subject: { kind: 'INSTITUTION', id: USCC } });
      const second = timeline.finalStates[`record-${r2}`];
      expect(second).toMatchObject({ status: 'ACTIVE', listing: { listedOn: '2025-05-01' }, ban: { banId: `ban-${r2}` } });
      const lastOfR1 = timeline.steps.filter((s: { streamId: string }) => s.streamId === `record-${r1}`).pop();
      expect(lastOfR1.state.ban.liftedEarly).toMatchObject({ on: '2025-03-01' });
    });

    it('replays an official, and refuses a bad subject or instant', async () => {
      const run = await replay('--subject', 'official:p-li');
      expect(run.code).toBe(0);
      const { body } = await history('OFFICIAL', 'p-li').expect(200);
      expect(run.stdout.startsWith(`History of OFFICIAL p-li: ${body.events.length} events in 4 streams`)).toBe(true);
      // The institution stream is folded from its start, so the appointment shows the real change.
      expect(run.stdout).toMatch(/PrincipalLeaderAppointed\n.*\n\s+\+ leaders\[1\]: \{"personId":"p-li"/);
      expect((await replay('--subject', 'INSTITUTION:bad')).code).toBe(2);
      expect((await replay('--subject', `INSTITUTION:${USCC}`, '--known-at', 'yesterday')).code).toBe(2);
      expect((await replay()).stderr).toMatch(/--subject KIND:ID is required/);
    });
  });

  describe('finding the streams', () => {
    it('the read side’s subject_streams index finds what a scan of the log finds', async () => {
      await ledger.http
        .get('/health')
        .query({ consistentWith: String(await ledger.eventCount()) })
        .expect(200);
      const indexed = ledger.app.get<SubjectStreamLocator>(SUBJECT_STREAM_LOCATOR, { strict: false });
      expect(indexed).toBeInstanceOf(IndexedSubjectStreamLocator);
      const scan = new LogSubjectStreamIndex(ledger.store);
      const sorted = (streams: LocatedStream[]) => [...streams].sort((a, b) => a.streamId.localeCompare(b.streamId));
      for (const subject of [
        { kind: 'INSTITUTION' as const, id: USCC },
        { kind: 'INSTITUTION' as const, id: OTHER_USCC },
        { kind: 'OFFICIAL' as const, id: 'p-li' },
        { kind: 'OFFICIAL' as const, id: 'p-wang' },
        { kind: 'OFFICIAL' as const, id: 'p-sun' },
      ]) {
        expect(sorted(await indexed.locate(subject))).toEqual(sorted(await scan.locate(subject)));
      }
    });

    it('a stream the projections have not reached yet is in the history all the same', async () => {
      await ledger.app.get(ProjectionRunner).stop();
      at('2025-07-01');
      const late = await api.ok<{ checkId: string; position: string }>(
        '/v1/checks',
        'approver',
        { subject: { kind: 'INSTITUTION', id: USCC }, matter: 'PROCUREMENT', on: '2025-07-01', caseRef: '采购-2025-1' },
        201,
      );
      const { body } = await history('INSTITUTION', USCC).expect(200);
      expect((body.events as HistoryEventBody[]).slice(-1)).toEqual([expect.objectContaining({ streamId: `check-${late.checkId}`, position: late.position })]);
    });
  });
});
