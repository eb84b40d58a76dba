import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
  await exec(db, sql);
  await closeDatabase(db);
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

  async function verify(checkpoint?: { position: number; digest: string }) {
    const store = await SqliteEventStore.open({ filename });
    try {
      return await verifyLog(store, { checkpoint, pageSize: 5 });
    } finally {
      await store.close();
    }
  }

  it('verifies an untouched log and reports its digest', async () => {
    const report = await verify();
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
});
