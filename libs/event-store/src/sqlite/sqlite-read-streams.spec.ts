import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLedger } from '../ledger/event-ledger';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore.readStreams', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-read-streams-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every stream as readStream does, in the order asked, across chunks, unknown streams empty', async () => {
    const ledger = new EventLedger(store, { now: () => new Date('2026-11-22T00:00:00.000Z') });
    const actor = { sub: 'a', role: 'registrar' };
    // 700 streams (more than one query's chunk), interleaved appends, a few events each.
    const ids = Array.from({ length: 700 }, (_, n) => `record-${n}`);
    for (let round = 0; round < 3; round += 1) {
      for (let n = 0; n < ids.length; n += 1) {
        if ((n + round) % 3 === 0 && round > 0) continue;
        await ledger.append(ids[n], [{ type: 'Noted', data: { n, round, text: `政务 ${n}` } }], 'any', { commandId: `c-${round}-${n}`, actor });
      }
    }
    const asked = [...ids].reverse().concat(['record-none', 'record-3', "it's odd"]);
    const bulk = await store.readStreams(asked);
    expect(bulk).toHaveLength(asked.length);
    for (let i = 0; i < asked.length; i += 1) expect(bulk[i]).toEqual(await store.readStream(asked[i]));
    expect(bulk[asked.length - 3]).toEqual([]);
    expect(bulk.reduce((n, events) => n + events.length, 0)).toBe((await store.headPosition()) + (await store.readStream('record-3')).length);
    expect(await store.readStreams([])).toEqual([]);
  });
});
