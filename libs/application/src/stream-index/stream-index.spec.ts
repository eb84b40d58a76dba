import { EventLedger, EventStore, SqliteEventStore, StoredEvent } from '@app/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../time/clock';
import { StreamIndex } from './stream-index';

/**
 * The embedded log (a real SqliteEventStore on a temp file), written through a real EventLedger.
 * The index reads it through `store()`, which goes to the log itself, counting the reads and able
 * to hold a read's answer (taken from the log when asked) back until `open()`: what concurrent
 * callers share.
 */
class HeldLog {
  reads = 0;
  /** Resolves once the last read has its events from the log (they are then what it answers). */
  read: Promise<unknown> = Promise.resolve();
  private appends = 0;
  private gate: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  private constructor(
    private readonly dir: string,
    readonly log: SqliteEventStore,
    private readonly ledger: EventLedger,
  ) {}

  static async open(): Promise<HeldLog> {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-stream-index-'));
    const log = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    return new HeldLog(dir, log, new EventLedger(log, new ManualClock('2026-11-22T02:00:00.000Z')));
  }

  /** Appends one event to `streamId` (default: a stream of its own, `s-{n}`). */
  async append(type: string, data: Record<string, unknown>, streamId?: string): Promise<void> {
    this.appends += 1;
    await this.ledger.append(streamId ?? `s-${this.appends}`, [{ type, data }], 'any', {
      commandId: `c-${this.appends}`,
      actor: { sub: 'test', role: 'registrar' },
    });
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release();
  }

  store(): EventStore {
    const readAll: EventStore['readAll'] = async (options) => {
      this.reads += 1;
      const events: Promise<StoredEvent[]> = this.log.readAll(options);
      this.read = events;
      const answer = await events;
      await this.gate;
      return answer;
    };
    return new Proxy(this.log, {
      get: (target, key) => {
        if (key === 'readAll') return readAll;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  async close(): Promise<void> {
    await this.log.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('StreamIndex', () => {
  let log: HeldLog;
  beforeEach(async () => (log = await HeldLog.open()));
  afterEach(async () => log.close());

  it('finds officials, records, commitments and exemplars of a subject from the log', async () => {
    await log.append('OfficialRegistered', { personId: 'p-1', institutionUscc: 'U1' });
    await log.append('OfficialRegistered', { personId: 'p-1', institutionUscc: 'U2' });
    await log.append('DishonestyRecorded', { recordId: 'r-1', subject: { kind: 'INSTITUTION', id: 'U1' } });
    await log.append('DishonestyRecorded', { recordId: 'r-2', subject: { kind: 'OFFICIAL', id: 'p-1', institutionUscc: 'U1' } });
    await log.append('CommitmentMade', { commitmentId: 'c-1', institutionUscc: 'U1' });
    await log.append('ExemplarDesignated', { exemplarId: 'x-1', subject: { kind: 'INSTITUTION', id: 'U1' } });
    const index = new StreamIndex(log.store());
    expect(await index.officialInstitution('p-1')).toBe('U1');
    expect(await index.officialInstitution('p-2')).toBeUndefined();
    expect(await index.recordIdsAbout({ kind: 'INSTITUTION', id: 'U1' })).toEqual(['r-1']);
    expect(await index.recordIdsAbout({ kind: 'OFFICIAL', id: 'p-1' })).toEqual(['r-2']);
    expect(await index.commitmentIdsOf('U1')).toEqual(['c-1']);
    expect(await index.exemplarIdsAbout({ kind: 'INSTITUTION', id: 'U1' })).toEqual(['x-1']);
  });

  it('knows a subject for a credit check after one read: registration, records, commitments and their revisions', async () => {
    await log.append('InstitutionRegistered', { uscc: 'U1' }, 'institution-U1');
    await log.append('OfficialRegistered', { personId: 'p-1', institutionUscc: 'U1' }, 'institution-U1');
    await log.append('DishonestyRecorded', { recordId: 'r-1', subject: { kind: 'INSTITUTION', id: 'U1' } }, 'record-r-1');
    await log.append('CommitmentMade', { commitmentId: 'c-1', institutionUscc: 'U1' }, 'commitment-c-1');
    await log.append('RectificationOrdered', { recordId: 'r-1' }, 'record-r-1');
    // Named in another stream's data only: not a registration of U2.
    await log.append('InstitutionRegistered', { uscc: 'U2' }, 'record-r-2');
    const index = new StreamIndex(log.store());
    expect(await index.subjectStreams({ kind: 'INSTITUTION', id: 'U1' })).toEqual({ known: true, recordIds: ['r-1'], commitmentIds: ['c-1'] });
    expect(log.reads).toBe(1);
    expect(index.streamRevision('record-r-1')).toBe(1);
    expect(index.streamRevision('commitment-c-1')).toBe(0);
    expect(index.streamRevision('institution-U1')).toBeUndefined();
    expect(await index.subjectStreams({ kind: 'INSTITUTION', id: 'U2' })).toEqual({ known: false, recordIds: [], commitmentIds: [] });
    expect(await index.subjectStreams({ kind: 'OFFICIAL', id: 'p-1' })).toEqual({ known: true, recordIds: [], commitmentIds: [] });
    expect(await index.subjectStreams({ kind: 'OFFICIAL', id: 'p-2' })).toEqual({ known: false, recordIds: [], commitmentIds: [] });
  });

  it('sees everything appended before a lookup, also while an earlier read is under way', async () => {
    const index = new StreamIndex(log.store());
    log.hold();
    const early = index.recordIdsAbout({ kind: 'INSTITUTION', id: 'U1' });
    // The early read has its events from the log (and is held); the append comes after them.
    await log.read;
    await log.append('DishonestyRecorded', { recordId: 'r-late', subject: { kind: 'INSTITUTION', id: 'U1' } });
    const late = index.recordIdsAbout({ kind: 'INSTITUTION', id: 'U1' });
    log.open();
    expect(await early).toEqual([]);
    expect(await late).toEqual(['r-late']);
  });

  it('callers arriving during a read share one queued read', async () => {
    const index = new StreamIndex(log.store());
    log.hold();
    const first = index.catchUp();
    const waiting = Array.from({ length: 50 }, () => index.catchUp());
    log.open();
    await Promise.all([first, ...waiting]);
    expect(log.reads).toBe(2);
  });
});
