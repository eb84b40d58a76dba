import { createPrivateKey, generateKeyPairSync, KeyObject, verify as verifySignature } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { LEDGER_CONFIG, LedgerConfig } from '@app/application';
import { signLogDigest } from '@app/application/audit';
import { withUsccCheckCharacter } from '@app/domain';
import { canonicalJson, computeEventHash, digestOfLog } from '@app/event-store';
import { CommandDriver } from './support/command-driver';
import { runCli } from './support/cli';
import { TestLedger } from './support/test-app';

const A = withUsccCheckCharacter('11370100MB2850123');
const B = withUsccCheckCharacter('11370112MB1957456');
const C = withUsccCheckCharacter('12370100495570789');

function ed25519(): { privatePem: string; publicPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKey,
  };
}

/** Tampering goes straight at the SQLite file, as someone with disk access would. */
function tamper(ledger: TestLedger, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(join(ledger.dataDir, 'events.sqlite'), sqlite3.OPEN_READWRITE, (openError) => {
      if (openError) return reject(openError);
      const done = (error: Error | null) => db.close(() => (error ? reject(error) : resolve()));
      if (params.length > 0) db.run(sql, params, done);
      else db.exec(sql, done);
    });
  });
}

/**
 * 13 events over three institution streams, interleaved:
 * 1 A registered, 2 B registered, 3 C registered, 4–5 A leader, 6–7 B leader, 8–9 C leader,
 * 10–11 A second leader, 12–13 B second leader.
 */
async function seed(ledger: TestLedger): Promise<void> {
  const api = new CommandDriver(ledger);
  await api.registerInstitution(A, '济南高新区管委会');
  await api.registerInstitution(B, '某镇政府');
  await api.registerInstitution(C, '某医院');
  await api.appointLeader(A, 'p-a1', '2022-01-01');
  await api.appointLeader(B, 'p-b1', '2022-01-01');
  await api.appointLeader(C, 'p-c1', '2022-01-01');
  await api.appointLeader(A, 'p-a2', '2024-01-01');
  await api.appointLeader(B, 'p-b2', '2024-01-01');
  expect(await ledger.eventCount()).toBe(13);
}

describe('audit: tamper evidence through HTTP and the CLI', () => {
  let ledger: TestLedger;
  let config: LedgerConfig;
  let files: string;

  const verifyHttp = (query: Record<string, string> = {}) =>
    ledger.http
      .get('/v1/audit/verify')
      .query(query)
      .set(ledger.auth('auditor'))
      .expect(200)
      .then((r) => r.body);
  const digestHttp = (query: Record<string, string> = {}) =>
    ledger.http
      .get('/v1/audit/digest')
      .query(query)
      .set(ledger.auth('auditor'))
      .expect(200)
      .then((r) => r.body);
  const cli = (...args: string[]) => runCli(args, config);
  const cliVerify = async (...args: string[]) => {
    const run = await cli('verify', '--json', ...args);
    return { code: run.code, result: JSON.parse(run.stdout) };
  };
  /** Saves the digest the way an auditor would: `ledger digest > FILE`. */
  const saveDigest = async (name: string): Promise<string> => {
    const run = await cli('digest');
    expect(run.code).toBe(0);
    const file = join(files, name);
    writeFileSync(file, run.stdout);
    return file;
  };

  async function start(overrides: Partial<LedgerConfig> = {}): Promise<void> {
    ledger = await TestLedger.start(overrides, '2026-11-22');
    config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    await seed(ledger);
    // The projections have seen the whole log (they are the witnesses of its length).
    await digestHttp({ consistentWith: '13' });
  }

  beforeEach(() => {
    files = mkdtempSync(join(tmpdir(), 'ledger-audit-files-'));
  });
  afterEach(async () => {
    await ledger.stop();
    rmSync(files, { recursive: true, force: true });
  });

  it('an untouched log verifies, and HTTP and the CLI give the same digest', async () => {
    await start();
    const digest = await digestHttp();
    expect(digest).toEqual({ position: '13', digest: expect.stringMatching(/^[0-9a-f]{64}$/), eventCount: 13 });
    expect(await verifyHttp()).toEqual({ ok: true, checkedEvents: 13, position: '13', digest: digest.digest });
    expect(await verifyHttp({ position: '13', digest: digest.digest })).toMatchObject({ ok: true, checkpoint: { proven: true } });
    expect(JSON.parse((await cli('digest')).stdout)).toEqual(digest);
    const { code, result } = await cliVerify();
    expect(code).toBe(0);
    expect(result).toMatchObject({ ok: true, checkedEvents: 13, digest: digest.digest });
    const text = await cli('verify');
    expect(text.stdout).toMatch(/^OK: 13 events checked through position 13/);
  });

  it('a saved digest still proves its prefix after the log has grown', async () => {
    await start();
    const saved = await saveDigest('at-13.json');
    await new CommandDriver(ledger).appointLeader(C, 'p-c2', '2025-01-01');
    const { digest } = JSON.parse(readFileSync(saved, 'utf8'));
    expect(await verifyHttp({ position: '13', digest })).toMatchObject({ ok: true, checkedEvents: 15, checkpoint: { position: '13', proven: true } });
    expect(await cliVerify('--from-digest', saved)).toMatchObject({ code: 0, result: { ok: true, checkpoint: { proven: true } } });
    const wrong = await verifyHttp({ position: '12', digest });
    expect(wrong).toMatchObject({ ok: false, firstBadPosition: '12', problem: 'CHECKPOINT_MISMATCH' });
  });

  it('one event’s data modified: the first bad position is that event', async () => {
    await start();
    const saved = await saveDigest('before.json');
    const [row] = await ledger.store.readAll({ fromPosition: 4, limit: 1 });
    expect(row.type).toBe('OfficialRegistered');
    await tamper(ledger, 'UPDATE events SET data = ? WHERE position = 5', [JSON.stringify({ ...row.data, name: '张冠李戴' })]);

    expect(await verifyHttp()).toMatchObject({ ok: false, firstBadPosition: '5', problem: 'HASH_MISMATCH', checkedEvents: 4 });
    const { code, result } = await cliVerify('--from-digest', saved);
    expect(code).toBe(1);
    expect(result).toMatchObject({ ok: false, firstBadPosition: '5', problem: 'HASH_MISMATCH', checkpoint: { proven: false } });
    expect((await cli('verify')).stdout).toMatch(/^FAILED: first bad position 5 \(HASH_MISMATCH\)/);

    // The subject's history says so too, and names the stream and position.
    const history = await ledger.http.get(`/v1/subjects/INSTITUTION/${A}/history`).set(ledger.auth('auditor')).expect(200);
    expect(history.body.verified).toBe(false);
    expect(history.body.streams).toEqual([
      expect.objectContaining({ streamId: `institution-${A}`, verified: false, problem: 'HASH_MISMATCH', firstBadPosition: '5' }),
    ]);
    const replay = await cli('replay', '--subject', `INSTITUTION:${A}`);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`institution-${A} (HASH_MISMATCH at position 5)`);
    // Other subjects' chains are intact.
    expect((await ledger.http.get(`/v1/subjects/INSTITUTION/${B}/history`).set(ledger.auth('auditor')).expect(200)).body.verified).toBe(true);
  });

  it('a row that is no longer JSON: a checkpoint before it is still proven, one after it is not — a verdict, never a 500', async () => {
    await start();
    const atTen = await digestOfLog(ledger.store, 10);
    const atThirteen = (await digestHttp()).digest;
    await tamper(ledger, `UPDATE events SET data = '{"personId":' WHERE position = 12`);

    expect(await verifyHttp({ position: '10', digest: atTen.digest })).toEqual({
      ok: false,
      checkedEvents: expect.any(Number),
      position: expect.any(String),
      digest: expect.any(String),
      firstBadPosition: '12',
      problem: 'CORRUPT_EVENT',
      detail: expect.stringContaining('position 12'),
      checkpoint: { position: '10', digest: atTen.digest, proven: true },
    });
    const saved = join(files, 'at-10.json');
    writeFileSync(saved, JSON.stringify({ position: '10', digest: atTen.digest, eventCount: 10 }));
    expect(await cliVerify('--from-digest', saved)).toMatchObject({ code: 1, result: { ok: false, firstBadPosition: '12', checkpoint: { proven: true } } });

    // The corrupt row inside the saved prefix: the prefix is not proven.
    expect(await verifyHttp({ position: '13', digest: atThirteen })).toMatchObject({
      ok: false,
      firstBadPosition: '12',
      problem: 'CORRUPT_EVENT',
      checkpoint: { position: '13', proven: false },
    });
    expect(await verifyHttp({ position: '12', digest: atThirteen })).toMatchObject({ ok: false, firstBadPosition: '12', checkpoint: { proven: false } });
  });

  it('a row that is no longer JSON: the subject’s history names the stream as unreadable, a command on it is a named 500 that appends nothing, and the digest refuses', async () => {
    await start();
    // Position 12: B's second leader (OfficialRegistered p-b2).
    await tamper(ledger, `UPDATE events SET data = '{"personId":' WHERE position = 12`);

    const history = await ledger.http.get(`/v1/subjects/INSTITUTION/${B}/history`).set(ledger.auth('auditor')).expect(200);
    expect(history.body).toMatchObject({ verified: false, events: [] });
    expect(history.body.streams).toEqual([
      expect.objectContaining({
        streamId: `institution-${B}`,
        verified: false,
        problem: 'CORRUPT_EVENT',
        firstBadPosition: '12',
        detail: expect.stringContaining('position 12'),
      }),
    ]);
    const replay = await cli('replay', '--subject', `INSTITUTION:${B}`);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`institution-${B} (CORRUPT_EVENT at position 12)`);
    // The other subjects still read and verify.
    expect((await ledger.http.get(`/v1/subjects/INSTITUTION/${A}/history`).set(ledger.auth('auditor')).expect(200)).body.verified).toBe(true);

    // A command on the damaged stream cannot decide: a 500 that names the row, and nothing appended.
    const refused = await ledger.http
      .post(`/v1/institutions/${B}/leaders`)
      .set(ledger.auth('registrar'))
      .send({ personId: 'p-b3', name: '王五', title: '主任', effectiveOn: '2025-06-01' })
      .expect(500);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      status: 500,
      code: 'CORRUPT_EVENT',
      position: '12',
      streamId: `institution-${B}`,
      detail: expect.stringContaining('/v1/audit/verify'),
    });
    expect(await ledger.eventCount()).toBe(13);

    // The event after it, looked up by position: its link to the damaged one cannot hold — a verdict, not a 500.
    const next = await ledger.http.get('/v1/audit/events').query({ positions: '13' }).set(ledger.auth('auditor')).expect(200);
    expect(next.body.events).toEqual([
      expect.objectContaining({ position: '13', hashValid: true, prevHashLinked: false, verified: false, detail: expect.stringContaining('position 12') }),
    ]);

    // The head itself unreadable: no digest is handed out for it.
    await tamper(ledger, `UPDATE events SET metadata = 'not json' WHERE position = 13`);
    const digest = await ledger.http.get('/v1/audit/digest').set(ledger.auth('auditor')).expect(500);
    expect(digest.body).toMatchObject({ code: 'CORRUPT_EVENT', position: '13' });
    expect(await verifyHttp()).toMatchObject({ ok: false, firstBadPosition: '12', problem: 'CORRUPT_EVENT' });
  });

  it('one event’s stored id rewritten: verify names it, and the event looked up by position is not verified', async () => {
    await start();
    // The id makes a retried command a no-op; it is outside the hash, the chain and the digest anchor.
    await tamper(ledger, `UPDATE events SET event_id = 'rewritten-id' WHERE position = 6`);
    expect(await verifyHttp()).toMatchObject({ ok: false, firstBadPosition: '6', problem: 'EVENT_ID_MISMATCH' });
    const looked = await ledger.http.get('/v1/audit/events').query({ positions: '5,6' }).set(ledger.auth('auditor')).expect(200);
    expect(looked.body.events.map((e: Record<string, unknown>) => [e.position, e.idValid, e.hashValid, e.prevHashLinked, e.anchorValid, e.verified])).toEqual([
      ['5', true, true, true, true, true],
      ['6', false, true, true, true, false],
    ]);
  });

  it('one event deleted: the first bad position is the event after the gap', async () => {
    await start();
    await tamper(ledger, 'DELETE FROM events WHERE position = 7');
    expect(await verifyHttp()).toMatchObject({ ok: false, firstBadPosition: '8', checkedEvents: 6 });
    expect(await cliVerify()).toMatchObject({ code: 1, result: { ok: false, firstBadPosition: '8' } });
  });

  it('a whole stream deleted: the subject’s history names it as missing, never verified', async () => {
    await start();
    // Every event of C's stream (positions 3, 8, 9): the read side's index still lists it.
    await tamper(ledger, `DELETE FROM events WHERE stream_id = 'institution-${C}'`);
    const history = await ledger.http.get(`/v1/subjects/INSTITUTION/${C}/history`).set(ledger.auth('auditor')).expect(200);
    expect(history.body.verified).toBe(false);
    expect(history.body.events).toEqual([]);
    expect(history.body.streams).toEqual([
      expect.objectContaining({
        streamId: `institution-${C}`,
        verified: false,
        eventCount: 0,
        problem: 'STREAM_MISSING',
        detail: expect.stringContaining(`institution-${C}`),
      }),
    ]);
    // The official of C: the same stream, missing for them too.
    const official = await ledger.http.get('/v1/subjects/OFFICIAL/p-c1/history').set(ledger.auth('auditor')).expect(200);
    expect(official.body).toMatchObject({ verified: false, streams: [{ streamId: `institution-${C}`, problem: 'STREAM_MISSING' }] });
    const replay = await cli('replay', '--subject', `INSTITUTION:${C}`);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`institution-${C} (STREAM_MISSING)`);
    // The others' chains are untouched; their histories cannot be proven whole while the log has a gap.
    const other = (await ledger.http.get(`/v1/subjects/INSTITUTION/${A}/history`).set(ledger.auth('auditor')).expect(200)).body;
    expect(other.streams).toEqual([expect.objectContaining({ streamId: `institution-${A}`, verified: true })]);
    expect(other).toMatchObject({ verified: false, log: { verified: false, problem: 'POSITION_GAP', detail: expect.stringContaining('3 were removed') } });
  });

  it('two events reordered: the first bad position is the earlier of the two', async () => {
    await start();
    await tamper(
      ledger,
      `UPDATE events SET position = -1 WHERE position = 3;
       UPDATE events SET position = 3 WHERE position = 8;
       UPDATE events SET position = 8 WHERE position = -1;`,
    );
    expect(await verifyHttp()).toMatchObject({ ok: false, firstBadPosition: '3', checkedEvents: 2 });
    expect(await cliVerify()).toMatchObject({ code: 1, result: { ok: false, firstBadPosition: '3' } });
  });

  const historyOf = async (uscc: string) => (await ledger.http.get(`/v1/subjects/INSTITUTION/${uscc}/history`).set(ledger.auth('auditor')).expect(200)).body;

  it('the last event of a stream edited and its hash recomputed: its chain still holds, but the history finds it out of the log’s digest chain', async () => {
    await start();
    // Position 11: the official of A's second leader, the last event of A's stream, so no later prevHash names it.
    const [row] = await ledger.store.readAll({ fromPosition: 10, limit: 1 });
    expect(row).toMatchObject({ position: 11, streamId: `institution-${A}`, type: 'OfficialRegistered' });
    const data = { ...row.data, name: '张冠李戴' };
    const { hash: _old, ...rest } = row.metadata;
    const hash = computeEventHash(String(rest.prevHash), { streamId: row.streamId, revision: row.revision, type: row.type, data, metadata: rest });
    await tamper(ledger, 'UPDATE events SET data = ?, metadata = ? WHERE position = 11', [canonicalJson(data), canonicalJson({ ...rest, hash })]);

    const history = await historyOf(A);
    expect(history.streams).toEqual([expect.objectContaining({ streamId: `institution-${A}`, verified: true })]);
    expect(history).toMatchObject({ verified: false, log: { anchored: true, verified: false, problem: 'LOG_DIGEST_MISMATCH', firstBadPosition: '11' } });
    expect(history.events.find((e: { position: string }) => e.position === '11').data.name).toBe('张冠李戴');
    expect(await verifyHttp()).toMatchObject({ ok: false, firstBadPosition: '11', problem: 'LOG_DIGEST_MISMATCH' });
    const replay = await cli('replay', '--subject', `INSTITUTION:${A}`);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('Log: does NOT check out: LOG_DIGEST_MISMATCH at position 11');
    // B's events sit where they stand.
    expect((await historyOf(B)).log).toEqual({ anchored: true, verified: true });
    // Provenance by position: the hash checks out against the event alone, not in its place.
    const provenance = await ledger.http.get('/v1/audit/events').query({ positions: '10,11,12' }).set(ledger.auth('auditor')).expect(200);
    expect(provenance.body.events.map((e: Record<string, unknown>) => [e.position, e.hashValid, e.prevHashLinked, e.anchorValid, e.verified])).toEqual([
      // Row 10's anchor no longer leads to row 11's; row 11's does not follow from row 10's; row 12's links hold.
      ['10', true, true, false, false],
      ['11', true, true, false, false],
      ['12', true, true, true, true],
    ]);
  });

  it('the last event of a stream deleted: its chain still holds, but the history is not verified (the log has a gap)', async () => {
    await start();
    await tamper(ledger, 'DELETE FROM events WHERE position = 11');
    const deleted = await historyOf(A);
    expect(deleted.streams.every((s: { verified: boolean }) => s.verified)).toBe(true);
    expect(deleted).toMatchObject({ verified: false, log: { verified: false, problem: 'POSITION_GAP', detail: expect.stringContaining('1 were removed') } });
  });

  it('two streams’ events swapped: each chain still holds, but the history finds them out of place', async () => {
    await start();
    // Positions 2 (B registered) and 3 (C registered): each stream's own order is unchanged.
    await tamper(
      ledger,
      `UPDATE events SET position = -1 WHERE position = 2;
       UPDATE events SET position = 2 WHERE position = 3;
       UPDATE events SET position = 3 WHERE position = -1;`,
    );
    const swapped = await historyOf(C);
    expect(swapped.streams.every((s: { verified: boolean }) => s.verified)).toBe(true);
    expect(swapped).toMatchObject({ verified: false, log: { verified: false, problem: 'LOG_DIGEST_MISMATCH', firstBadPosition: '2' } });
  });

  it('a row put below position 1 (read by its stream, walked by nothing): the log and the history fail POSITION_OUT_OF_RANGE', async () => {
    await start();
    // A copy of A's registration under a new id, as revision 99 of A's stream, at position -7.
    await tamper(ledger, `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, log_digest)
      SELECT -7, stream_id, 99, 'forged', type, data, metadata, log_digest FROM events WHERE position = 1`);
    expect(await verifyHttp()).toMatchObject({ ok: false, firstBadPosition: '-7', problem: 'POSITION_OUT_OF_RANGE', checkedEvents: 13 });
    expect(await cliVerify()).toMatchObject({ code: 1, result: { ok: false, problem: 'POSITION_OUT_OF_RANGE' } });
    expect(await historyOf(A)).toMatchObject({ verified: false, log: { verified: false, problem: 'POSITION_OUT_OF_RANGE', firstBadPosition: '-7' } });
  });

  it('the tail truncated: the read model witnesses the lost tail, and a digest saved before no longer verifies', async () => {
    await start();
    const saved = await saveDigest('before-truncation.json');
    const { digest } = JSON.parse(readFileSync(saved, 'utf8'));
    // The digest of the first 10 events, taken before the truncation (as an auditor saved it then).
    const atTen = await digestOfLog(ledger.store, 10);
    expect(atTen).toMatchObject({ position: 10, eventCount: 10 });
    expect(atTen.digest).not.toBe(digest);
    await tamper(ledger, 'DELETE FROM events WHERE position > 10');

    // Without a saved digest the hashes alone cannot tell a shorter log; the projections can.
    expect(await verifyHttp()).toMatchObject({ ok: false, checkedEvents: 10, firstBadPosition: '11', problem: 'LOG_TRUNCATED' });
    expect(await verifyHttp({ position: '13', digest })).toMatchObject({
      ok: false,
      firstBadPosition: '11',
      problem: 'CHECKPOINT_BEYOND_LOG',
      checkpoint: { proven: false },
    });
    expect(await cliVerify('--from-digest', saved)).toMatchObject({ code: 1, result: { ok: false, firstBadPosition: '11', problem: 'CHECKPOINT_BEYOND_LOG' } });
    // The CLI reads the read store's checkpoints as its witness too.
    expect(await cliVerify()).toMatchObject({ code: 1, result: { ok: false, firstBadPosition: '11', problem: 'LOG_TRUNCATED' } });
    // A digest of the surviving prefix, saved before the truncation, still verifies: the damage is only at the end.
    const prefix = await ledger.http
      .get('/v1/audit/verify')
      .query({ position: '10', digest: atTen.digest })
      .set(ledger.auth('auditor'))
      .expect(200);
    expect(prefix.body).toMatchObject({ ok: false, firstBadPosition: '11', problem: 'LOG_TRUNCATED' });
    expect(prefix.body.checkpoint).toEqual({ position: '10', digest: atTen.digest, proven: true });
  });

  describe('signed digests (LEDGER_SIGNING_KEY)', () => {
    it('signs {position, digest, eventCount} with Ed25519 and publishes the public key', async () => {
      const key = ed25519();
      await start({ signingKey: key.privatePem });
      const signed = await digestHttp();
      expect(signed).toEqual({
        position: '13',
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
        eventCount: 13,
        algorithm: 'Ed25519',
        signature: expect.any(String),
        publicKey: key.publicPem,
      });
      const bytes = Buffer.from(canonicalJson({ position: signed.position, digest: signed.digest, eventCount: signed.eventCount }));
      expect(verifySignature(null, bytes, key.publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
    });

    it('ledger verify checks the saved digest’s signature: valid, tampered digest, wrong key', async () => {
      const key = ed25519();
      const other = ed25519();
      await start({ signingKey: key.privatePem });
      const saved = await saveDigest('signed.json');
      const file = JSON.parse(readFileSync(saved, 'utf8'));
      expect(file.signature).toEqual(expect.any(String));

      const valid = await cliVerify('--from-digest', saved);
      expect(valid).toMatchObject({ code: 0, result: { ok: true, signature: { signature: 'VALID', key: 'TRUSTED' }, checkpoint: { proven: true } } });

      // Changing anything signed breaks the signature, even when the log would prove the new value.
      expect((await verifyHttp({ position: '13', digest: file.digest })).ok).toBe(true);
      const tamperedCount = join(files, 'tampered-count.json');
      writeFileSync(tamperedCount, JSON.stringify({ ...file, eventCount: 12 }));
      expect(await cliVerify('--from-digest', tamperedCount)).toMatchObject({ code: 1, result: { ok: false, signature: { signature: 'INVALID' } } });
      const tamperedDigest = join(files, 'tampered-digest.json');
      writeFileSync(tamperedDigest, JSON.stringify({ ...file, digest: file.digest.replace(/^./, (c: string) => (c === '0' ? '1' : '0')) }));
      expect(await cliVerify('--from-digest', tamperedDigest)).toMatchObject({
        code: 1,
        result: { ok: false, problem: 'CHECKPOINT_MISMATCH', signature: { signature: 'INVALID' } },
      });

      // Someone else's key: a signature that is valid for the key in the file, but not the ledger's key.
      const forged = join(files, 'forged.json');
      writeFileSync(
        forged,
        JSON.stringify(signLogDigest({ position: file.position, digest: file.digest, eventCount: file.eventCount }, createPrivateKey(other.privatePem))),
      );
      expect(await cliVerify('--from-digest', forged)).toMatchObject({ code: 1, result: { ok: false, signature: { signature: 'VALID', key: 'UNTRUSTED' } } });
      // ...and the ledger's signature with another public key put in the file.
      const swapped = join(files, 'swapped-key.json');
      writeFileSync(swapped, JSON.stringify({ ...file, publicKey: other.publicPem }));
      expect(await cliVerify('--from-digest', swapped)).toMatchObject({ code: 1, result: { ok: false, signature: { signature: 'INVALID' } } });

      // An auditor who pinned the other key trusts only that one.
      const pinned = join(files, 'pinned.pem');
      writeFileSync(pinned, other.publicPem);
      expect(await cliVerify('--from-digest', forged, '--public-key', pinned)).toMatchObject({ code: 0, result: { ok: true, signature: { key: 'TRUSTED' } } });
      expect(await cliVerify('--from-digest', saved, '--public-key', pinned)).toMatchObject({
        code: 1,
        result: { signature: { signature: 'VALID', key: 'UNTRUSTED' } },
      });
    });
  });

  it('refuses malformed checkpoints and non-auditors', async () => {
    await start();
    const bad = (query: Record<string, string>) =>
      ledger.http
        .get('/v1/audit/verify')
        .query(query)
        .set(ledger.auth('auditor'))
        .expect(400)
        .then((r) => r.body.code);
    expect(await bad({ position: '5' })).toBe('VALIDATION_FAILED');
    expect(await bad({ digest: 'a'.repeat(64) })).toBe('VALIDATION_FAILED');
    expect(await bad({ position: 'x', digest: 'a'.repeat(64) })).toBe('VALIDATION_FAILED');
    expect(await bad({ position: '5', digest: 'XYZ' })).toBe('VALIDATION_FAILED');
    expect(await bad({ position: '0', digest: 'a'.repeat(64) })).toBe('VALIDATION_FAILED');
    await ledger.http.get('/v1/audit/verify').set(ledger.auth('supervisor')).expect(403);
    await ledger.http.get('/v1/audit/digest').expect(401);
    const missing = await cli('verify', '--from-digest', join(files, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ledger verify: .*nope\.json/);
  });
});
