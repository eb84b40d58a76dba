import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredLogPage } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { EventLedger } from './event-ledger';
import { SEAL, sealPage } from './log-page-seal';
import { LogSealPool } from './log-seal-pool';

describe('LogSealPool', () => {
  let dir: string;
  let page: StoredLogPage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-seal-pool-'));
    const store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    const ledger = new EventLedger(store, { now: () => new Date('2026-11-22T00:00:00.000Z') });
    for (let n = 0; n < 30; n += 1) {
      await ledger.append(`record-${n % 4}`, [{ type: 'Noted', data: { n, text: `政务诚信 ${n}`, nested: { list: [n, 'x'] } } }], 'any', {
        commandId: `c-${n}`,
        actor: { sub: 'a', role: 'registrar' },
      });
    }
    page = (await store.readLogPage(0, 100))!;
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const inThread = (p: StoredLogPage): Int32Array => sealPage(p);

  it('seals pages on its workers exactly as on the main thread', async () => {
    const expected = inThread(page);
    expect(page.count).toBe(30);
    for (let r = 0; r < page.count; r += 1) expect(expected[r * SEAL.width + SEAL.ok]).toBe(1);
    const pool = new LogSealPool(2);
    try {
      const seals = await Promise.all([pool.seal(page), pool.seal(page), pool.seal(page)]);
      for (const s of seals) expect([...s]).toEqual([...expected]);
      expect(pool.sealed).toEqual({ byWorkers: 3, inThread: 0 });
      // The page is copied to the worker, not moved: the caller still has it.
      expect(page.bytes.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('seals a row the ledger did not write as it writes them with ok = 0', async () => {
    const bytes = Buffer.from(page.bytes);
    // Row 3's data: a space after the opening brace is not canonical JSON.
    const dataStart = page.bounds[3 * 8 + 5];
    bytes[dataStart + 1] = 0x20;
    const seals = inThread({ ...page, bytes });
    expect(seals[3 * SEAL.width + SEAL.ok]).toBe(0);
    expect(seals[2 * SEAL.width + SEAL.ok]).toBe(1);
  });

  it('seals on the main thread once a worker has failed, with the same seals', async () => {
    const expected = inThread(page);
    const pool = new LogSealPool(1);
    try {
      expect([...(await pool.seal(page))]).toEqual([...expected]);
      // A worker that dies (here: stopped from outside) is not waited for.
      await (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0].terminate();
      await new Promise((resolve) => setImmediate(resolve));
      expect([...(await pool.seal(page))]).toEqual([...expected]);
      expect(pool.sealed).toEqual({ byWorkers: 1, inThread: 1 });
    } finally {
      await pool.close();
    }
  });

  it('drops the pages still out when closed, instead of sealing them on the main thread', async () => {
    const pool = new LogSealPool(1);
    const out = pool.seal(page);
    await pool.close();
    expect(pool.sealed.inThread).toBe(0);
    await expect(pool.seal(page)).rejects.toThrow('the seal pool is closed');
    // The page sent before the close is never answered: nothing waits for it once the verdict is in.
    expect(await Promise.race([out.then(() => 'sealed'), new Promise((resolve) => setTimeout(() => resolve('dropped'), 50))])).toBe('dropped');
  });
});
