import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { closeDatabase, exec, openDatabase } from '../sqlite/sqlite-connection';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { EventLedger } from './event-ledger';
import { digestOfLog, verifyLog } from './log-verifier';
import { rollDigest } from '../integrity/hash-chain';

const clock = { now: () => new Date('2026-11-22T00:00:00.000Z') };
const actor = { sub: 'registrar-1', role: 'registrar' };

/** Tampering goes straight at the SQLite file, as an attacker with disk access would. */
async function tamper(filename: string, sql: string): Promise<void> {
  const db = await openDatabase(filename, sqlite3.OPEN_READWRITE);
  try {
    await exec(db, sql);
  } finally {
    await closeDatabase(db);
  }
}

describe('log verifier: tamper evidence on the embedded store', () => {
  let dir: string;
  let filename: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    filename = join(dir, 'events.sqlite');
    const store = await SqliteEventStore.open({ filename, synchronous: 'NORMAL' });
    const ledger = new EventLedger(store, clock);
    // 12 events over 3 streams, interleaved: positions 1..12.
    for (let n = 0; n < 12; n += 1) {
      const stream = `record-${n % 3}`;
      const revision = Math.floor(n / 3);
      await ledger.append(
        stream,
        [{ type: 'Noted', data: { n, note: n === 4 ? 'tamper-target-AAAA' : `note ${n}` } }],
        revision === 0 ? 'no_stream' : revision - 1,
        { commandId: `cmd-${n}`, actor },
      );
    }
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Both paths (stored text, and parsing every event), which must give the same report; and the
   * stored text again with its pages sealed on a worker thread, unless `sealOnWorkers` is false.
   */
  async function verify(checkpoint?: { position: number; digest: string }, sealOnWorkers = true) {
    const store = await SqliteEventStore.open({ filename });
    try {
      const fast = await verifyLog(store, { checkpoint, pageSize: 5 });
      const general = await verifyLog(store, { checkpoint, pageSize: 5, useStoredText: false });
      expect(fast).toEqual(general);
      if (sealOnWorkers) expect(await verifyLog(store, { checkpoint, pageSize: 5, workers: 1, workersFrom: 0 })).toEqual(fast);
      return fast;
    } finally {
      await store.close();
    }
  }

  it('verifies an untouched log and reports its digest', async () => {
    const report = await verify();
    const store0 = await SqliteEventStore.open({ filename });
    const counters = { storedText: 0, general: 0 };
    await verifyLog(store0, { pageSize: 5, counters });
    await store0.close();
    // The ledger stores canonical text: every event passes on its stored text.
    expect(counters).toEqual({ storedText: 12, general: 0 });
    // Sealed on workers (a log this small is sealed on the main thread unless told otherwise).
    const onWorkers = { storedText: 0, general: 0, pagesSealedByWorkers: 0 };
    const store2 = await SqliteEventStore.open({ filename });
    expect(await verifyLog(store2, { pageSize: 5, counters: onWorkers, workers: 2, workersFrom: 0 })).toEqual(report);
    expect(onWorkers).toEqual({ storedText: 12, general: 0, pagesSealedByWorkers: 3 });
    const small = { storedText: 0, general: 0, pagesSealedByWorkers: 0 };
    await verifyLog(store2, { pageSize: 5, counters: small, workers: 2 });
    expect(small.pagesSealedByWorkers).toBe(0);
    await store2.close();
    // A page the store cannot give as one value (SQLite's length limit) is read event by event.
    const store1 = await SqliteEventStore.open({ filename });
    const tooBig = Object.create(store1, { readLogPage: { value: async () => Promise.reject(new Error('SQLITE_TOOBIG: string or blob too big')) } }) as SqliteEventStore;
    const fallback = { storedText: 0, general: 0 };
    expect(await verifyLog(tooBig, { pageSize: 5, counters: fallback })).toEqual(report);
    expect(fallback).toEqual({ storedText: 0, general: 12 });
    await store1.close();
    expect(report).toMatchObject({ ok: true, checkedEvents: 12, position: 12 });
    const store = await SqliteEventStore.open({ filename });
    expect((await digestOfLog(store)).digest).toBe(report.digest);
    await store.close();
  });

  it('names the position of an event whose bytes were changed in the file', async () => {
    expect(existsSync(`${filename}-wal`)).toBe(false);
    // The page may also linger in free pages of the file: change the byte in every copy.
    const bytes = readFileSync(filename);
    const fd = openSync(filename, 'r+');
    let copies = 0;
    for (let at = bytes.indexOf('tamper-target-AAAA'); at >= 0; at = bytes.indexOf('tamper-target-AAAA', at + 1)) {
      writeSync(fd, Buffer.from('B'), 0, 1, at + 'tamper-target-'.length);
      copies += 1;
    }
    closeSync(fd);
    expect(copies).toBeGreaterThan(0);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 5, problem: 'HASH_MISMATCH' });
  });

  it('names the first position after a deleted row', async () => {
    await tamper(filename, 'DELETE FROM events WHERE position = 7');
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 8 });
  });

  it('names the first position of two swapped rows', async () => {
    await tamper(
      filename,
      `UPDATE events SET position = -1 WHERE position = 3;
       UPDATE events SET position = 3 WHERE position = 8;
       UPDATE events SET position = 8 WHERE position = -1;`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 3 });
  });

  it('detects data rewritten with a recomputed hash through the chain and the anchored digest', async () => {
    const store = await SqliteEventStore.open({ filename });
    const [victim] = await store.readAll({ fromPosition: 5, limit: 1 });
    await store.close();
    const { computeEventHash } = await import('../integrity/hash-chain');
    const forged = { ...victim, data: { ...victim.data, note: 'forged' } };
    const hash = computeEventHash(victim.metadata.prevHash as string, forged);
    const metadata = JSON.stringify({ ...victim.metadata, hash }).replace(/'/g, "''");
    await tamper(
      filename,
      `UPDATE events SET data = '${JSON.stringify(forged.data)}', metadata = '${metadata}' WHERE position = 6`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 6, problem: 'LOG_DIGEST_MISMATCH' });
  });

  it('names the position of an event whose stored JSON no longer parses', async () => {
    await tamper(filename, `UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = 9`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 9, problem: 'CORRUPT_EVENT' });
  });

  it('still catches two swapped rows when the anchored digests were cleared first', async () => {
    await tamper(
      filename,
      `UPDATE events SET log_digest = NULL;
       UPDATE events SET position = -1 WHERE position = 4;
       UPDATE events SET position = 4 WHERE position = 5;
       UPDATE events SET position = 5 WHERE position = -1;`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 1, problem: 'LOG_DIGEST_MISSING' });
  });

  it('catches a removed row even when the later anchors were recomputed, by the gap in positions', async () => {
    const store = await SqliteEventStore.open({ filename });
    const events = await store.readAll();
    await store.close();
    // An attacker removes position 12's stream tail event 9 and re-anchors every later digest.
    let digest = '0'.repeat(64);
    const updates: string[] = ['DELETE FROM events WHERE position = 9;'];
    for (const event of events.filter((e) => e.position !== 9)) {
      digest = rollDigest(digest, event.metadata.hash as string);
      updates.push(`UPDATE events SET log_digest = '${digest}' WHERE position = ${event.position};`);
    }
    await tamper(filename, updates.join('\n'));
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 10, problem: 'POSITION_GAP' });
  });

  it('catches a rewritten event id (which would let a retried command append again)', async () => {
    await tamper(filename, `UPDATE events SET event_id = 'not-the-hashed-id' WHERE position = 3`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 3, problem: 'EVENT_ID_MISMATCH' });
  });

  it('proves a saved prefix unchanged, and catches a truncated tail with the saved digest', async () => {
    const store = await SqliteEventStore.open({ filename });
    const saved = await digestOfLog(store);
    const atTen = await digestOfLog(store, 10);
    await store.close();
    expect(await verify({ position: atTen.position, digest: atTen.digest })).toMatchObject({ ok: true });
    expect(await verify({ position: 10, digest: saved.digest })).toMatchObject({
      ok: false,
      problem: 'CHECKPOINT_MISMATCH',
      firstBadPosition: 10,
    });
    await tamper(filename, 'DELETE FROM events WHERE position > 10');
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 10 });
    expect(await verify({ position: saved.position, digest: saved.digest })).toMatchObject({
      ok: false,
      problem: 'CHECKPOINT_BEYOND_LOG',
      firstBadPosition: 11,
    });
  });

  it('catches bytes moved between the data and metadata columns', async () => {
    // The boundary moves: data loses its closing brace, metadata gains it in front.
    await tamper(filename, `UPDATE events SET data = substr(data, 1, length(data) - 1), metadata = '}' || metadata WHERE position = 6`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 6, problem: 'CORRUPT_EVENT' });
  });

  it('catches the hash member moved out of metadata into data, both still JSON', async () => {
    // data {"n":4,...} gets a "zz" member, metadata loses one: both parse, the body differs.
    await tamper(
      filename,
      `UPDATE events SET data = substr(data, 1, length(data) - 1) || ',"zz":' || json_extract(metadata, '$.actor') || '}',
                         metadata = json_remove(metadata, '$.actor') WHERE position = 4`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 4, problem: 'HASH_MISMATCH' });
  });

  it('catches a duplicate hash key (JSON.parse keeps the last one)', async () => {
    // A second "hash" member with a forged value after the real one: the parse sees the forged one.
    await tamper(filename, `UPDATE events SET metadata = substr(metadata, 1, length(metadata) - 1) || ',"hash":"${'f'.repeat(64)}"}' WHERE position = 7`);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, firstBadPosition: 7, problem: 'HASH_MISMATCH' });
    // Put in front instead: the parse sees the real hash, the text is not canonical (duplicate key).
    await tamper(filename, `UPDATE events SET metadata = '{"hash":"${'f'.repeat(64)}",' || substr(metadata, 2) WHERE position = 7`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 7 });
  });

  it('gives the general verdict on data re-keyed out of canonical order with a hash recomputed over that text', async () => {
    // An attacker writes {"note":...,"n":4} (not canonical) and hashes it as written, then rechains
    // the stream and the anchors: hashing the stored text would pass it, the canonical body does not.
    const store = await SqliteEventStore.open({ filename });
    const events = await store.readAll();
    await store.close();
    const { createHash } = await import('node:crypto');
    const { canonicalJsonWithout, canonicalJson } = await import('../integrity/canonical-json');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const chains = new Map<string, string>();
    let digest = '0'.repeat(64);
    const updates: string[] = [];
    for (const event of events) {
      const prevHash = chains.get(event.streamId) ?? '0'.repeat(64);
      const metadata = { ...event.metadata, prevHash };
      const dataText = event.position === 5 ? `{"note":${JSON.stringify(event.data.note)},"n":${event.data.n}}` : canonicalJson(event.data);
      const body = `{"data":${dataText},"metadata":${canonicalJsonWithout(metadata, 'hash')},"revision":${event.revision},"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`;
      const hash = sha(prevHash + body);
      chains.set(event.streamId, hash);
      digest = rollDigest(digest, hash);
      const metadataText = canonicalJson({ ...metadata, hash }).replace(/'/g, "''");
      updates.push(`UPDATE events SET data = '${dataText}', metadata = '${metadataText}', log_digest = '${digest}' WHERE position = ${event.position};`);
    }
    await tamper(filename, updates.join('\n'));
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 5, problem: 'HASH_MISMATCH' });
  });

  it('gives the general verdict when a value holds the page separator, a type is not text, or an anchor is empty', async () => {
    await tamper(filename, `UPDATE events SET type = 'No' || char(1) || 'ted' WHERE position = 2`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 2, problem: 'HASH_MISMATCH' });
    await tamper(filename, `UPDATE events SET type = 'Noted' WHERE position = 2; UPDATE events SET revision = 'x' WHERE position = 5`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 5, problem: 'REVISION_GAP' });
    await tamper(filename, `UPDATE events SET revision = 1 WHERE position = 5; UPDATE events SET log_digest = '' WHERE position = 3`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 3, problem: 'LOG_DIGEST_MISMATCH' });
  });

  it('gives the general verdict on bytes that are not UTF-8', async () => {
    await tamper(filename, `UPDATE events SET data = CAST(CAST(data AS BLOB) || x'ff' AS TEXT) WHERE position = 8`);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, firstBadPosition: 8 });
  });

  it('gives the same report on both paths for random edits of the stored text', async () => {
    const fc = (await import('fast-check')).default;
    const pristine = readFileSync(filename);
    const sqlText = (text: string) => (text === '\u0001' ? 'char(1)' : `'${text.replace(/'/g, "''")}'`);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('data', 'metadata', 'stream_id', 'type', 'event_id'),
        fc.nat({ max: 400 }),
        fc.nat({ max: 3 }),
        fc.constantFrom('"', '\\', '}', '{', ',', ':', ' ', '0', '1', '-', 'a', 'e', '政', '\u0001', '"hash":"x",', '\\u0041', ''),
        async (at, column, offset, cut, insert) => {
          writeFileSync(filename, pristine);
          const edited = await tamper(
            filename,
            `UPDATE events SET ${column} = substr(${column}, 1, ${offset} % (length(${column}) + 1)) || ${sqlText(insert)} || substr(${column}, ${offset} % (length(${column}) + 1) + 1 + ${cut}) WHERE position = ${at}`,
          ).then(
            () => true,
            // An edited stream id or event id can collide with another row's: that edit cannot be stored.
            (error: Error) => {
              if (!/SQLITE_CONSTRAINT/.test(error.message)) throw error;
              return false;
            },
          );
          if (!edited) return;
          await verify(undefined, false); // asserts that both paths agree
        },
      ),
      { numRuns: 60, ...(process.env.FC_SEED && { seed: Number(process.env.FC_SEED) }) },
    );
  });

  it('reports an unparsable row of a page before anything else in that page, as reading it did', async () => {
    // Position 6 is rewritten (hash mismatch), position 9 no longer parses; both in page 6..10.
    await tamper(filename, `UPDATE events SET data = '{"n":5,"note":"other"}' WHERE position = 6; UPDATE events SET data = '{' WHERE position = 9`);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: 9, problem: 'CORRUPT_EVENT', checkedEvents: 5 });
  });
});

describe('log verifier: a log written before the store kept canonical text', () => {
  let dir: string;
  let filename: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-verify-old-'));
    filename = join(dir, 'events.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Rows as the store wrote them before: JSON.stringify of data and metadata (insertion order). */
  async function writeOldStyle(events: Array<{ stream: string; data: Record<string, unknown> }>, from = 0, chains = new Map<string, { revision: number; hash: string }>(), start = '0'.repeat(64)) {
    const { computeEventHash } = await import('../integrity/hash-chain');
    let digest = start;
    const rows: string[] = [];
    events.forEach(({ stream, data }, index) => {
      const previous = chains.get(stream);
      const revision = previous ? previous.revision + 1 : 0;
      const prevHash = previous?.hash ?? '0'.repeat(64);
      const metadata = { eventId: `id-${from + index}`, schemaVersion: 1, actor, commandId: `cmd-${from + index}`, correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00.000Z', prevHash };
      const hash = computeEventHash(prevHash, { streamId: stream, revision, type: 'Noted', data, metadata });
      chains.set(stream, { revision, hash });
      digest = rollDigest(digest, hash);
      const q = (text: string) => `'${text.replace(/'/g, "''")}'`;
      rows.push(`(${from + index + 1}, ${q(stream)}, ${revision}, ${q(`id-${from + index}`)}, 'Noted', ${q(JSON.stringify(data))}, ${q(JSON.stringify({ ...metadata, hash }))}, '${digest}')`);
    });
    const store = await SqliteEventStore.open({ filename });
    await store.close();
    await tamper(filename, `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, log_digest) VALUES ${rows.join(',')}`);
    return { chains, digest };
  }

  const oldEvents = Array.from({ length: 23 }, (_, n) => ({
    stream: `record-${n % 4}`,
    // Insertion order, integer-like keys, escapes, non-ASCII: none of it canonical as stored.
    data: { z: n, a: `note ${n}`, 10: 'ten', 9: 'nine', 政: '政务', quote: 'a"b\\c\n', nested: { y: [1, 2.5, -0, 1e21], b: null } },
  }));

  it('still verifies, by the general path, with the same report on both paths', async () => {
    await writeOldStyle(oldEvents);
    const store = await SqliteEventStore.open({ filename });
    const counters = { storedText: 0, general: 0 };
    const fast = await verifyLog(store, { pageSize: 5, counters });
    const general = await verifyLog(store, { pageSize: 5, useStoredText: false });
    await store.close();
    expect(fast).toMatchObject({ ok: true, checkedEvents: 23, position: 23 });
    expect(fast).toEqual(general);
    expect(counters).toEqual({ storedText: 0, general: 23 });
  });

  it('verifies a log whose old rows are followed by rows the ledger wrote with canonical text', async () => {
    await writeOldStyle(oldEvents);
    const store = await SqliteEventStore.open({ filename });
    const ledger = new EventLedger(store, clock);
    for (let n = 0; n < 8; n += 1) {
      const stream = `record-${n % 4}`;
      await ledger.append(stream, [{ type: 'Noted', data: { n, b: 'new', a: [n] } }], 'any', { commandId: `new-${n}`, actor });
    }
    const counters = { storedText: 0, general: 0 };
    const fast = await verifyLog(store, { pageSize: 5, counters });
    const general = await verifyLog(store, { pageSize: 5, useStoredText: false });
    await store.close();
    expect(fast).toMatchObject({ ok: true, checkedEvents: 31 });
    expect(fast).toEqual(general);
    expect(counters).toEqual({ storedText: 8, general: 23 });
    // (the page holding the last old rows and the first new ones goes back to the stored text after them)
  });
});
