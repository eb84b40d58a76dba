import type { EventStore, ReadAllOptions, StoredEvent } from '@app/event-store';
import { StreamIndex } from './stream-index';

/** A log in memory whose reads can be held open, to see what concurrent callers share. */
class FakeLog {
  readonly events: StoredEvent[] = [];
  reads = 0;
  private gate: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  append(type: string, data: Record<string, unknown>, streamId?: string): void {
    const position = this.events.length + 1;
    const revision = streamId ? this.events.filter((e) => e.streamId === streamId).length : 0;
    this.events.push({ position, streamId: streamId ?? `s-${position}`, revision, id: `e-${position}`, type, data, metadata: {} });
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release();
  }

  store(): EventStore {
    return {
      readAll: async ({ fromPosition = 0, limit = Infinity }: ReadAllOptions = {}) => {
        this.reads += 1;
        const snapshot = this.events.filter((e) => e.position > fromPosition).slice(0, limit);
        await this.gate;
        return snapshot;
      },
    } as unknown as EventStore;
  }
}

describe('StreamIndex', () => {
  it('finds officials, records, commitments and exemplars of a subject from the log', async () => {
    const log = new FakeLog();
    log.append('OfficialRegistered', { personId: 'p-1', institutionUscc: 'U1' });
    log.append('OfficialRegistered', { personId: 'p-1', institutionUscc: 'U2' });
    log.append('DishonestyRecorded', { recordId: 'r-1', subject: { kind: 'INSTITUTION', id: 'U1' } });
    log.append('DishonestyRecorded', { recordId: 'r-2', subject: { kind: 'OFFICIAL', id: 'p-1', institutionUscc: 'U1' } });
    log.append('CommitmentMade', { commitmentId: 'c-1', institutionUscc: 'U1' });
    log.append('ExemplarDesignated', { exemplarId: 'x-1', subject: { kind: 'INSTITUTION', id: 'U1' } });
    const index = new StreamIndex(log.store());
    expect(await index.officialInstitution('p-1')).toBe('U1');
    expect(await index.officialInstitution('p-2')).toBeUndefined();
    expect(await index.recordIdsAbout({ kind: 'INSTITUTION', id: 'U1' })).toEqual(['r-1']);
    expect(await index.recordIdsAbout({ kind: 'OFFICIAL', id: 'p-1' })).toEqual(['r-2']);
    expect(await index.commitmentIdsOf('U1')).toEqual(['c-1']);
    expect(await index.exemplarIdsAbout({ kind: 'INSTITUTION', id: 'U1' })).toEqual(['x-1']);
  });

  it('knows a subject for a credit check after one read: registration, records, commitments and their revisions', async () => {
    const log = new FakeLog();
    log.append('InstitutionRegistered', { uscc: 'U1' }, 'institution-U1');
    log.append('OfficialRegistered', { personId: 'p-1', institutionUscc: 'U1' }, 'institution-U1');
    log.append('DishonestyRecorded', { recordId: 'r-1', subject: { kind: 'INSTITUTION', id: 'U1' } }, 'record-r-1');
    log.append('CommitmentMade', { commitmentId: 'c-1', institutionUscc: 'U1' }, 'commitment-c-1');
    log.append('RectificationOrdered', { recordId: 'r-1' }, 'record-r-1');
    // Named in another stream's data only: not a registration of U2.
    log.append('InstitutionRegistered', { uscc: 'U2' }, 'record-r-2');
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
    const log = new FakeLog();
    const index = new StreamIndex(log.store());
    log.hold();
    const early = index.recordIdsAbout({ kind: 'INSTITUTION', id: 'U1' });
    log.append('DishonestyRecorded', { recordId: 'r-late', subject: { kind: 'INSTITUTION', id: 'U1' } });
    const late = index.recordIdsAbout({ kind: 'INSTITUTION', id: 'U1' });
    log.open();
    expect(await early).toEqual([]);
    expect(await late).toEqual(['r-late']);
  });

  it('callers arriving during a read share one queued read', async () => {
    const log = new FakeLog();
    const index = new StreamIndex(log.store());
    log.hold();
    const first = index.catchUp();
    const waiting = Array.from({ length: 50 }, () => index.catchUp());
    log.open();
    await Promise.all([first, ...waiting]);
    expect(log.reads).toBe(2);
  });
});
