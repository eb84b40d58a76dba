import { currentSchemaVersion } from '@app/domain';
import { EventLedger, SqliteEventStore, StoredEvent } from '@app/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../time/clock';
import { FoldedStreams } from './folded-streams';

/** Any domain event type will do: the fold below reads only `value`. */
const TYPE = 'PublicationEnded';

/** The real ledger, noting what it is asked to read (and reading it from the log). */
class CountingLedger extends EventLedger {
  readonly reads: Array<{ streamId: string; fromRevision: number }> = [];

  override readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    this.reads.push({ streamId, fromRevision });
    return super.readStream(streamId, fromRevision);
  }
}

const initial = () => ({ values: [] as number[] });
const evolve = (state: { values: number[] }, event: { data: Record<string, unknown> }) => ({ values: [...state.values, Number(event.data.value)] });

describe('FoldedStreams', () => {
  let dir: string;
  let log: SqliteEventStore;
  let ledger: CountingLedger;
  let reads: CountingLedger['reads'];
  let commands = 0;
  /** Appends an event carrying `value` to a stream of the embedded log; gives its revision. */
  const append = async (streamId: string, value: number): Promise<number> => {
    commands += 1;
    const appended = await ledger.append(streamId, [{ type: TYPE, data: { value }, schemaVersion: currentSchemaVersion(TYPE) }], 'any', {
      commandId: `c-${commands}`,
      actor: { sub: 'test', role: 'registrar' },
    });
    return appended.nextExpectedRevision;
  };

  beforeEach(async () => {
    commands = 0;
    dir = mkdtempSync(join(tmpdir(), 'ledger-folded-streams-'));
    log = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    ledger = new CountingLedger(log, new ManualClock('2026-11-22T02:00:00.000Z'));
    reads = ledger.reads;
  });
  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a stream still at the known revision without reading it', async () => {
    await append('s-1', 1);
    const revision = await append('s-1', 2);
    const folds = new FoldedStreams();
    expect(await folds.load(ledger, 's-1', revision, initial, evolve)).toEqual({ state: { values: [1, 2] }, revision: 1 });
    expect(await folds.load(ledger, 's-1', revision, initial, evolve)).toEqual({ state: { values: [1, 2] }, revision: 1 });
    expect(reads).toEqual([{ streamId: 's-1', fromRevision: 0 }]);
  });

  it('reads only the events past its fold when the stream has grown, and equals a fold from scratch', async () => {
    await append('s-1', 1);
    const folds = new FoldedStreams();
    await folds.load(ledger, 's-1', 0, initial, evolve);
    await append('s-1', 2);
    const revision = await append('s-1', 3);
    const grown = await folds.load(ledger, 's-1', revision, initial, evolve);
    expect(reads[1]).toEqual({ streamId: 's-1', fromRevision: 1 });
    expect(grown).toEqual(await new FoldedStreams().load(ledger, 's-1', undefined, initial, evolve));
    expect(grown).toEqual({ state: { values: [1, 2, 3] }, revision: 2 });
  });

  it('without a known revision reads the tail, so it never answers from a stale fold', async () => {
    await append('s-1', 1);
    const folds = new FoldedStreams();
    await folds.load(ledger, 's-1', undefined, initial, evolve);
    await append('s-1', 2);
    expect((await folds.load(ledger, 's-1', undefined, initial, evolve)).state).toEqual({ values: [1, 2] });
  });

  it('a missing stream is the initial state with no revision, and is not remembered', async () => {
    const folds = new FoldedStreams();
    expect(await folds.load(ledger, 's-9', undefined, initial, evolve)).toEqual({ state: { values: [] }, revision: 'no_stream' });
    await append('s-9', 7);
    expect(await folds.load(ledger, 's-9', 0, initial, evolve)).toEqual({ state: { values: [7] }, revision: 0 });
  });

  it('forgets the least recently used fold beyond its capacity', async () => {
    await append('a', 1);
    await append('b', 2);
    await append('c', 3);
    const folds = new FoldedStreams();
    folds.capacity = 2;
    await folds.load(ledger, 'a', 0, initial, evolve);
    await folds.load(ledger, 'b', 0, initial, evolve);
    await folds.load(ledger, 'a', 0, initial, evolve);
    await folds.load(ledger, 'c', 0, initial, evolve);
    reads.length = 0;
    await folds.load(ledger, 'a', 0, initial, evolve);
    await folds.load(ledger, 'b', 0, initial, evolve);
    expect(reads.map((r) => r.streamId)).toEqual(['b']);
  });
});
