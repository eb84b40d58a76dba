import { currentSchemaVersion } from '@app/domain';
import type { EventLedger, StoredEvent } from '@app/event-store';
import { FoldedStreams } from './folded-streams';

/** Any domain event type will do: the fold below reads only `value`. */
const TYPE = 'PublicationEnded';

/** A ledger in memory that counts what it is asked to read. */
function fakeLedger() {
  const streams = new Map<string, StoredEvent[]>();
  const reads: Array<{ streamId: string; fromRevision: number }> = [];
  let position = 0;
  const ledger = {
    readStream: async (streamId: string, fromRevision = 0) => {
      reads.push({ streamId, fromRevision });
      return (streams.get(streamId) ?? []).filter((e) => e.revision >= fromRevision);
    },
  } as unknown as EventLedger;
  const append = (streamId: string, value: number) => {
    const events = streams.get(streamId) ?? [];
    position += 1;
    events.push({ position, streamId, revision: events.length, id: `e-${position}`, type: TYPE, data: { value }, metadata: { schemaVersion: currentSchemaVersion(TYPE) } });
    streams.set(streamId, events);
    return events.length - 1;
  };
  return { ledger, append, reads };
}

const initial = () => ({ values: [] as number[] });
const evolve = (state: { values: number[] }, event: { data: Record<string, unknown> }) => ({ values: [...state.values, Number(event.data.value)] });

describe('FoldedStreams', () => {
  it('answers a stream still at the known revision without reading it', async () => {
    const { ledger, append, reads } = fakeLedger();
    append('s-1', 1);
    const revision = append('s-1', 2);
    const folds = new FoldedStreams();
    expect(await folds.load(ledger, 's-1', revision, initial, evolve)).toEqual({ state: { values: [1, 2] }, revision: 1 });
    expect(await folds.load(ledger, 's-1', revision, initial, evolve)).toEqual({ state: { values: [1, 2] }, revision: 1 });
    expect(reads).toEqual([{ streamId: 's-1', fromRevision: 0 }]);
  });

  it('reads only the events past its fold when the stream has grown, and equals a fold from scratch', async () => {
    const { ledger, append, reads } = fakeLedger();
    append('s-1', 1);
    const folds = new FoldedStreams();
    await folds.load(ledger, 's-1', 0, initial, evolve);
    append('s-1', 2);
    const revision = append('s-1', 3);
    const grown = await folds.load(ledger, 's-1', revision, initial, evolve);
    expect(reads[1]).toEqual({ streamId: 's-1', fromRevision: 1 });
    expect(grown).toEqual(await new FoldedStreams().load(ledger, 's-1', undefined, initial, evolve));
    expect(grown).toEqual({ state: { values: [1, 2, 3] }, revision: 2 });
  });

  it('without a known revision reads the tail, so it never answers from a stale fold', async () => {
    const { ledger, append } = fakeLedger();
    append('s-1', 1);
    const folds = new FoldedStreams();
    await folds.load(ledger, 's-1', undefined, initial, evolve);
    append('s-1', 2);
    expect((await folds.load(ledger, 's-1', undefined, initial, evolve)).state).toEqual({ values: [1, 2] });
  });

  it('a missing stream is the initial state with no revision, and is not remembered', async () => {
    const { ledger, append } = fakeLedger();
    const folds = new FoldedStreams();
    expect(await folds.load(ledger, 's-9', undefined, initial, evolve)).toEqual({ state: { values: [] }, revision: 'no_stream' });
    append('s-9', 7);
    expect(await folds.load(ledger, 's-9', 0, initial, evolve)).toEqual({ state: { values: [7] }, revision: 0 });
  });

  it('forgets the least recently used fold beyond its capacity', async () => {
    const { ledger, append, reads } = fakeLedger();
    append('a', 1);
    append('b', 2);
    append('c', 3);
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
