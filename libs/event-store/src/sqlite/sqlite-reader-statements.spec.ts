import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLedger } from '../ledger/event-ledger';
import { all, closeDatabase, openDatabase } from './sqlite-connection';
import { SqliteEventStore } from './sqlite-event-store';

/** The reader keeps its fixed queries prepared between calls: they must not pin an old snapshot. */
describe('SqliteEventStore reader statements', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  let ledger: EventLedger;
  const actor = { sub: 'a', role: 'registrar' };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-reader-statements-'));
    file = join(dir, 'events.sqlite');
    store = await SqliteEventStore.open({ filename: file, synchronous: 'OFF' });
    ledger = new EventLedger(store, { now: () => new Date('2026-11-22T00:00:00.000Z') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Changes the stored log behind the store's back (closed meanwhile), then reopens it. */
  const tamper = async (statement: string) => {
    await store.close();
    const db = await openDatabase(file);
    await all(db, statement);
    await closeDatabase(db);
    store = await SqliteEventStore.open({ filename: file, synchronous: 'OFF' });
  };

  const append = (n: number) => ledger.append('record-r1', [{ type: 'Noted', data: { n } }], 'any', { commandId: `c-${n}`, actor });

  const readEverything = async () => ({
    all: (await store.readAll()).map((e) => e.position),
    page: (await store.readLogPage(0, 100))!.positions,
    head: await store.headPosition(),
    stream: (await store.readStream('record-r1')).map((e) => e.revision),
    last: (await store.readLastEvent('record-r1'))?.revision,
    streams: (await store.readStreams(['record-r1']))[0].length,
  });

  it('answers every read from the log as it is now, call after call', async () => {
    await append(1);
    expect(await readEverything()).toEqual({ all: [1], page: [1], head: 1, stream: [0], last: 0, streams: 1 });
    await append(2);
    expect(await readEverything()).toEqual({ all: [1, 2], page: [1, 2], head: 2, stream: [0, 1], last: 1, streams: 2 });
    // Concurrent reads of one statement queue on it and each gets its own answer.
    const [a, b, c] = await Promise.all([store.readAll({ fromPosition: 0 }), store.readAll({ fromPosition: 1 }), store.readAll({ fromPosition: 2 })]);
    expect([a.length, b.length, c.length]).toEqual([2, 1, 0]);
  });

  it('leaves no read transaction open: a full checkpoint by another connection is not blocked', async () => {
    for (let n = 1; n <= 20; n += 1) await append(n);
    await readEverything();
    const other = await openDatabase(file);
    try {
      const [result] = await all<{ busy: number; log: number; checkpointed: number }>(other, 'PRAGMA wal_checkpoint(TRUNCATE)');
      expect(result.busy).toBe(0);
    } finally {
      await closeDatabase(other);
    }
    await append(21);
    expect(await store.headPosition()).toBe(21);
  });

  it('reads a page of events as one value exactly as row by row, and falls back to rows where a page cannot carry them', async () => {
    const texts = ['plain', '政务诚信 ✓', 'emoji 😀', 'lone \ud83d', 'quote " and \\ backslash', 'control \u0002', 'tab\t'];
    for (let n = 0; n < 80; n += 1) {
      await ledger.append(`record-${n % 7}`, [{ type: 'Noted', data: { n, text: texts[n % texts.length], nested: { list: [n, null, true, 1.5] } } }], 'any', {
        commandId: `c-${n}`,
        actor,
      });
    }
    const byRows = await store.readAll(); // no limit: row by row
    expect(byRows).toHaveLength(80);
    const pages = jest.spyOn(store, 'readLogPage');
    expect(await store.readAll({ fromPosition: 0, limit: 100 })).toEqual(byRows);
    expect(pages).toHaveBeenCalledTimes(1);
    pages.mockRestore();
    expect(await store.readAll({ fromPosition: 10, limit: 64 })).toEqual(byRows.slice(10, 74));
    // A separator byte inside a value: the page cannot be framed, the rows are read instead.
    await append(1000);
    await tamper(`UPDATE events SET type = 'No' || char(1) || 'ted' WHERE position = 81`);
    const withSeparator = await store.readAll({ fromPosition: 0, limit: 100 });
    expect(withSeparator.slice(0, 80)).toEqual(byRows);
    expect(withSeparator[80].type).toBe('No\u0001ted');
    // A row that is not JSON: the same error either way, naming its position.
    await tamper(`UPDATE events SET data = '{' WHERE position = 40`);
    await expect(store.readAll({ fromPosition: 0, limit: 100 })).rejects.toMatchObject({ code: 'CORRUPT_EVENT', position: 40 });
    await expect(store.readAll()).rejects.toMatchObject({ code: 'CORRUPT_EVENT', position: 40 });
  });

  it('reads a long range in pages of 2,048 events, the next asked for while one is parsed, exactly as row by row', async () => {
    for (let k = 0; k < 5; k += 1) {
      const events = Array.from({ length: 1000 }, (_, i) => ({ type: 'Noted', data: { n: k * 1000 + i, text: i % 3 ? '政务诚信' : 'plain' } }));
      await ledger.append(`record-${k}`, events, 'any', { commandId: `bulk-${k}`, actor });
    }
    const byRows = await store.readAll();
    expect(byRows).toHaveLength(5000);
    const pages = jest.spyOn(store, 'readLogPage');
    expect(await store.readAll({ fromPosition: 0, limit: 5000 })).toEqual(byRows);
    expect(pages.mock.calls).toEqual([
      [0, 2048],
      [2048, 2048],
      [4096, 904],
    ]);
    pages.mockClear();
    // A limit past the head: the short page is the last one asked for.
    expect(await store.readAll({ fromPosition: 100, limit: 9000 })).toEqual(byRows.slice(100));
    expect(pages.mock.calls.map(([from]) => from)).toEqual([100, 2148, 4196]);
    expect(await store.readAll({ fromPosition: 4999, limit: 100 })).toEqual(byRows.slice(4999));
    expect(await store.readAll({ fromPosition: 5000, limit: 100 })).toEqual([]);
    pages.mockRestore();
    // A page that cannot be framed in the middle: the pages before it stand, the rest is read as rows.
    await tamper(`UPDATE events SET type = 'No' || char(1) || 'ted' WHERE position = 3000`);
    const mixed = await store.readAll({ fromPosition: 0, limit: 5000 });
    expect(mixed.map((e) => e.position)).toEqual(byRows.map((e) => e.position));
    expect(mixed[2999].type).toBe('No\u0001ted');
    expect([...mixed.slice(0, 2999), ...mixed.slice(3000)]).toEqual([...byRows.slice(0, 2999), ...byRows.slice(3000)]);
    expect(await store.readAll({ fromPosition: 2000, limit: 1500 })).toEqual(mixed.slice(2000, 3500));
  });

  it('closes cleanly with reads started while it closes: they are refused, nothing is left prepared', async () => {
    await append(1);
    await store.headPosition(); // one statement prepared, others not yet
    const closing = store.close();
    await new Promise((resolve) => setImmediate(resolve));
    const late = await Promise.allSettled([store.readStream('record-r1'), store.headPosition(), store.readAll({ fromPosition: 0, limit: 100 })]);
    await expect(closing).resolves.toBeUndefined();
    for (const outcome of late) expect(outcome).toMatchObject({ status: 'rejected', reason: { message: 'event store is closed' } });
    // afterEach closes again: a no-op.
  });
});
