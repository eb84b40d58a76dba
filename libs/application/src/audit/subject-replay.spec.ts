import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { commitmentMade, institutionEvents, listedHistory, USCC } from '@app/domain/testing/record-fixtures';
import { EventLedger, NewEvent, SqliteEventStore } from '@app/event-store';
import { ManualClock } from '../time/clock';
import { SubjectHistoryReader } from './subject-history';
import { foldHistory, replayHistory } from './subject-replay';
import { LogSubjectStreamIndex, subjectsOf } from './subject-streams';

const actor = { sub: 'registrar-1', role: 'registrar' };
const institution = { kind: 'INSTITUTION' as const, id: USCC };

describe('subject streams, history and replay over a real log', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: EventLedger;
  let clock: ManualClock;
  let index: LogSubjectStreamIndex;
  let reader: SubjectHistoryReader;

  const append = (streamId: string, events: NewEvent[], commandId: string, causationId?: string) =>
    ledger.append(streamId, events, 'any', { commandId, actor, ...(causationId && { causationId }) });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-replay-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    clock = new ManualClock('2025-01-01T00:00:00Z');
    ledger = new EventLedger(store, clock);
    index = new LogSubjectStreamIndex(store, 3);
    reader = new SubjectHistoryReader(store, index);
    await append(`institution-${USCC}`, institutionEvents.slice(0, 3), 'reg');
    clock.set('2025-01-02T00:00:00Z');
    await append('commitment-c-1', [commitmentMade], 'commit');
    clock.set('2025-01-03T00:00:00Z');
    const [recorded] = (await append('record-r-2025-001', listedHistory.slice(0, 1), 'rec')).positions;
    const cause = (await store.readAll({ fromPosition: recorded - 1, limit: 1 }))[0].id;
    clock.set('2025-01-04T00:00:00Z');
    await append('record-r-2025-001', listedHistory.slice(1), 'lapse', cause);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ties each event’s stream to the subjects it concerns', () => {
    expect(subjectsOf({ streamId: `institution-${USCC}`, type: 'PrincipalLeaderAppointed', data: { personId: 'p-wang' } })).toEqual([
      [`INSTITUTION:${USCC}`, 'whole'],
      ['OFFICIAL:p-wang', 'mentions'],
    ]);
    // A commitment the official signed, a record holding their accountability: theirs whole.
    expect(subjectsOf({ streamId: 'commitment-c-1', type: 'CommitmentMade', data: commitmentMade.data })).toEqual([
      [`INSTITUTION:${USCC}`, 'whole'],
      ['OFFICIAL:p-wang', 'whole'],
    ]);
    expect(subjectsOf({ streamId: 'record-r', type: 'AccountabilityDecided', data: { personId: 'p-wang' } })).toEqual([['OFFICIAL:p-wang', 'whole']]);
    expect(subjectsOf({ streamId: 'record-r', type: 'AccountabilityRequired', data: { personId: null } })).toEqual([]);
    expect(subjectsOf({ streamId: 'record-r', type: 'DishonestyRecorded', data: { subject: { kind: 'OFFICIAL', id: 'p-zhao' } } })).toEqual([
      ['OFFICIAL:p-zhao', 'whole'],
    ]);
    expect(subjectsOf({ streamId: 'something-else', type: 'Noted', data: {} })).toEqual([]);
  });

  it('indexes the log incrementally: a stream appended after the first answer is found by the next', async () => {
    expect(await index.locate(institution)).toEqual([
      { streamId: `institution-${USCC}`, scope: 'whole' },
      { streamId: 'commitment-c-1', scope: 'whole' },
      { streamId: 'record-r-2025-001', scope: 'whole' },
    ]);
    await append(
      'exemplar-e-9',
      [{ type: 'ExemplarDesignated', data: { exemplarId: 'e-9', subject: institution, title: 't', basis: 'b', designatedOn: '2025-01-04' } }],
      'ex',
    );
    expect((await index.locate(institution)).map((s) => s.streamId)).toContain('exemplar-e-9');
    expect(await index.locate({ kind: 'OFFICIAL', id: 'p-wang' })).toEqual([
      { streamId: `institution-${USCC}`, scope: 'mentions' },
      { streamId: 'commitment-c-1', scope: 'whole' },
      { streamId: 'record-r-2025-001', scope: 'whole' },
    ]);
  });

  it('replays with the domain’s evolve: each step shows what changed and why', async () => {
    const history = await reader.load(institution);
    const { steps, finalStates } = replayHistory(history);
    expect(steps.map((s) => s.type)).toEqual([
      'InstitutionRegistered',
      'PrincipalLeaderAppointed',
      'OfficialRegistered',
      'CommitmentMade',
      'DishonestyRecorded',
      'RectificationOrdered',
      'RectificationDeadlineLapsed',
      'InstitutionListed',
      'AwardBanImposed',
      'AccountabilityRequired',
    ]);
    expect(steps[0].changes).toEqual(expect.arrayContaining([{ path: 'status', before: 'UNREGISTERED', after: 'REGISTERED' }]));
    expect(steps[6].changes).toEqual([{ path: 'orders[0].lapsedOn', after: '2025-04-01' }]);
    expect(steps[8].changes).toEqual([{ path: 'ban', after: expect.objectContaining({ banId: 'ban-r-2025-001', lastDay: '2028-04-01' }) }]);
    expect(steps[6].why).toMatchObject({ actor, commandId: 'lapse', causedBy: { position: String(steps[4].position), type: 'DishonestyRecorded' } });
    expect(steps[4].why.causedBy).toBeUndefined();
    expect(finalStates).toEqual(foldHistory(history));
    expect(finalStates['record-r-2025-001']).toMatchObject({ status: 'ACTIVE', listing: { listedOn: '2025-04-01' } });
  });

  it('cuts at knownAt, and folds a mentioned official’s streams from their start', async () => {
    const cut = await reader.load(institution, new Date('2025-01-03T12:00:00Z'));
    expect(cut.events.map((e) => e.type).slice(-1)).toEqual(['DishonestyRecorded']);
    expect(foldHistory(cut)['record-r-2025-001']).toMatchObject({ orders: [] });

    const official = await reader.load({ kind: 'OFFICIAL', id: 'p-wang' });
    const { steps } = replayHistory(official, { withStates: true });
    // The institution stream only where it names them; the commitment they signed and the record
    // holding their accountability whole.
    expect(steps.map((s) => s.type)).toEqual([
      'PrincipalLeaderAppointed',
      'OfficialRegistered',
      'CommitmentMade',
      'DishonestyRecorded',
      'RectificationOrdered',
      'RectificationDeadlineLapsed',
      'InstitutionListed',
      'AwardBanImposed',
      'AccountabilityRequired',
    ]);
    // The institution was registered first: the appointment adds a leader to a real state.
    expect(steps[0].changes).toEqual([{ path: 'leaders[0]', after: expect.objectContaining({ personId: 'p-wang' }) }]);
    expect(steps[0].state).toMatchObject({ status: 'REGISTERED', uscc: USCC });
  });

  it('an official’s history keeps what ends their obligation or changes their commitment, though it names no person', async () => {
    clock.set('2025-05-20T00:00:00Z');
    await append(
      'commitment-c-1',
      [
        {
          type: 'CommitmentAmended',
          data: { commitmentId: 'c-1', on: '2025-05-20', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '某规定', newDueOn: '2025-09-30' },
        },
      ],
      'amend',
    );
    await append(
      'record-r-2025-001',
      [
        { type: 'RecordRevoked', data: { recordId: 'r-2025-001', objectionId: 'obj-1', revokedOn: '2025-05-20', reason: '事实不存在' } },
        {
          type: 'AccountabilityObligationCancelled',
          data: { recordId: 'r-2025-001', obligationId: 'obligation-1', cancelledOn: '2025-05-20', reason: 'RECORD_REVOKED' },
        },
      ],
      'revoke',
    );
    const official = await reader.load({ kind: 'OFFICIAL', id: 'p-wang' });
    const types = official.events.map((e) => `${e.streamId} ${e.type}`);
    expect(types).toEqual(
      expect.arrayContaining(['commitment-c-1 CommitmentAmended', 'record-r-2025-001 RecordRevoked', 'record-r-2025-001 AccountabilityObligationCancelled']),
    );
    // The same from the institution's side: the official's history holds the whole record stream.
    const ofRecord = (await reader.load(institution)).events.filter((e) => e.streamId === 'record-r-2025-001');
    expect(official.events.filter((e) => e.streamId === 'record-r-2025-001')).toEqual(ofRecord);
    // The replay shows the cancellation that closes the obligation it shows opened.
    const cancelled = replayHistory(official).steps.find((s) => s.type === 'AccountabilityObligationCancelled');
    expect(cancelled?.changes.length).toBeGreaterThan(0);
  });

  it('a stream the index lists that reads back empty fails the history: STREAM_MISSING, never verified', async () => {
    // The index has seen the commitment; then its only event is removed behind the ledger's back.
    expect((await index.locate(institution)).map((s) => s.streamId)).toContain('commitment-c-1');
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(join(dir, 'events.sqlite'), sqlite3.OPEN_READWRITE, (error) => {
        if (error) return reject(error);
        db.run(`DELETE FROM events WHERE stream_id = 'commitment-c-1'`, (failed) => db.close(() => (failed ? reject(failed) : resolve())));
      });
    });
    for (const subject of [institution, { kind: 'OFFICIAL' as const, id: 'p-wang' }]) {
      const history = await reader.history(subject);
      expect(history.verified).toBe(false);
      expect(history.streams.filter((s) => !s.verified)).toEqual([
        {
          streamId: 'commitment-c-1',
          scope: 'whole',
          eventCount: 0,
          eventsShown: 0,
          lastRevision: -1,
          headHash: '',
          verified: false,
          problem: 'STREAM_MISSING',
          detail: expect.stringContaining('commitment-c-1'),
        },
      ]);
      expect(history.events.some((e) => e.streamId === 'commitment-c-1')).toBe(false);
    }
  });

  it('shows events it cannot fold, and says that no stream is about an unknown subject', async () => {
    await append(`institution-${USCC}`, [{ type: 'SomethingNew', data: {} }], 'odd');
    const { steps } = replayHistory(await reader.load(institution));
    expect(steps.find((s) => s.type === 'SomethingNew')).toMatchObject({ changes: [], note: expect.stringMatching(/^not folded: unknown event type/) });
    expect(foldHistory(await reader.load(institution))[`institution-${USCC}`]).toMatchObject({ status: 'REGISTERED' });
    await expect(reader.load({ kind: 'OFFICIAL', id: 'nobody' })).rejects.toMatchObject({ code: 'SUBJECT_NOT_FOUND' });
  });

  it('loads the same history with the bulk stream read as stream by stream', async () => {
    // The same store seen without its optional readStreams: the reader falls back to readStream.
    const streamByStream = Object.create(store, { readStreams: { value: undefined } }) as SqliteEventStore;
    expect(streamByStream.readStreams).toBeUndefined();
    const fallback = new SubjectHistoryReader(streamByStream, index);
    for (const subject of [institution, { kind: 'OFFICIAL' as const, id: 'p-1' }]) {
      const bulk = await reader.load(subject).catch((error: unknown) => error);
      expect(await fallback.load(subject).catch((error: unknown) => error)).toEqual(bulk);
    }
    expect((await reader.load(institution)).events.length).toBeGreaterThan(3);
  });
});
