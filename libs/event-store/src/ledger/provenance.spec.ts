import type { EventStore, ReadAllOptions, StoredEvent } from '../event-store.port';
import { readEventsAt } from './provenance';

const event = (position: number): StoredEvent => ({
  position,
  streamId: 'record-1',
  revision: 0,
  id: `id-${position}`,
  type: 'Happened',
  data: {},
  metadata: {},
});

/** A log with events at sparse positions (as EventStoreDB's byte offsets), read only through `readAll`. */
function logAt(positions: number[]) {
  const calls: ReadAllOptions[] = [];
  const store = {
    readAll: async (options: ReadAllOptions = {}) => {
      calls.push(options);
      return positions.filter((p) => p > (options.fromPosition ?? 0)).slice(0, options.limit).map(event);
    },
  } as unknown as EventStore;
  return { store, calls };
}

describe('readEventsAt (the audit lookup of events by position)', () => {
  it("uses the store's own lookup when it has one, never position arithmetic on readAll", async () => {
    const { store, calls } = logAt([100, 200, 300]);
    const asked: (readonly number[])[] = [];
    store.readEventsAt = async (positions) => {
      asked.push(positions);
      return [event(200)];
    };
    expect((await readEventsAt(store, [200, 150])).map((e) => e.position)).toEqual([200]);
    expect(asked).toEqual([[200, 150]]);
    expect(calls).toEqual([]);
  });

  it('otherwise reads one event after position - 1 for each position, in log order, leaving out positions with no event', async () => {
    const { store } = logAt([100, 200, 300]);
    expect((await readEventsAt(store, [300, 150, 100, 300])).map((e) => e.position)).toEqual([100, 300]);
  });
});
