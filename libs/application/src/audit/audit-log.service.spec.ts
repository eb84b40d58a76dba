import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { digestOfLog, EventLedger, EventStore, SqliteEventStore } from '@app/event-store';
import { loadLedgerConfig } from '../config/ledger-config';
import { ManualClock } from '../time/clock';
import { AuditLogService, LogWitness } from './audit-log.service';

const config = loadLedgerConfig({});

function exec(filename: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(filename, sqlite3.OPEN_READWRITE, (error) => {
      if (error) return reject(error);
      db.exec(sql, (failed) => db.close(() => (failed ? reject(failed) : resolve())));
    });
  });
}

describe('AuditLogService: the digest and verification an auditor gets', () => {
  let dir: string;
  let filename: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-audit-log-'));
    filename = join(dir, 'events.sqlite');
    store = await SqliteEventStore.open({ filename, synchronous: 'OFF' });
    const ledger = new EventLedger(store, new ManualClock('2026-01-01T00:00:00Z'));
    for (let n = 0; n < 12; n += 1) {
      await ledger.append(`record-${n % 3}`, [{ type: 'Noted', data: { n } }], 'any', { commandId: `cmd-${n}`, actor: { sub: 'a', role: 'auditor' } });
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the digest from the anchored last row, and folds the log on a store that does not anchor', async () => {
    const folded = await digestOfLog(store);
    const anchored = await new AuditLogService(store, config).digest();
    expect(anchored).toEqual({ position: '12', digest: folded.digest, eventCount: 12 });
    const plain = new Proxy(store, { get: (target, key) => (key === 'anchorsLogDigest' ? false : Reflect.get(target, key)) }) as EventStore;
    expect(await new AuditLogService(plain, config).digest()).toEqual(anchored);
  });

  it('proves a saved prefix when the damage is after it, and not when it is before', async () => {
    const atTen = await digestOfLog(store, 10);
    await exec(filename, `UPDATE events SET data = '{"n":99}' WHERE position = 12`);
    const audit = new AuditLogService(store, config);
    expect(await audit.verify({ checkpoint: { position: 10, digest: atTen.digest } })).toMatchObject({
      ok: false,
      firstBadPosition: '12',
      checkpoint: { position: '10', proven: true },
    });
    await exec(filename, `UPDATE events SET data = '{"n":98}' WHERE position = 4`);
    expect(await audit.verify({ checkpoint: { position: 10, digest: atTen.digest } })).toMatchObject({
      ok: false,
      firstBadPosition: '4',
      checkpoint: { proven: false },
    });
  });

  it('proves a saved prefix without reading past it: a corrupt row after the checkpoint is reported, not thrown', async () => {
    const atTen = await digestOfLog(store, 10);
    const atEleven = await digestOfLog(store, 11);
    await exec(filename, `UPDATE events SET data = '{"n":' WHERE position = 12`);
    const audit = new AuditLogService(store, config);
    expect(await audit.verify({ checkpoint: { position: 10, digest: atTen.digest } })).toMatchObject({
      ok: false,
      firstBadPosition: '12',
      problem: 'CORRUPT_EVENT',
      checkpoint: { position: '10', digest: atTen.digest, proven: true },
    });
    // The row right after the checkpoint.
    expect(await audit.verify({ checkpoint: { position: 11, digest: atEleven.digest } })).toMatchObject({
      ok: false,
      firstBadPosition: '12',
      checkpoint: { position: '11', proven: true },
    });
    expect(await audit.verify({ checkpoint: { position: 10, digest: atEleven.digest } })).toMatchObject({ checkpoint: { position: '10', proven: false } });
  });

  it('answers a corrupt row at or before the checkpoint with a verdict: the prefix is not proven', async () => {
    const atTen = await digestOfLog(store, 10);
    for (const bad of [10, 4]) {
      await exec(filename, `UPDATE events SET metadata = 'not json' WHERE position = ${bad}`);
      expect(await new AuditLogService(store, config).verify({ checkpoint: { position: 10, digest: atTen.digest } })).toMatchObject({
        ok: false,
        firstBadPosition: String(bad),
        problem: 'CORRUPT_EVENT',
        detail: expect.stringContaining(`position ${bad}`),
        checkpoint: { position: '10', proven: false },
      });
    }
  });

  it('on a store without dense positions, still reads nothing past the checkpoint to prove it', async () => {
    // A store that neither anchors digests nor offers stored text (as EventStoreDB): positions may
    // have gaps, so a page bounded by the count of positions left can reach past the checkpoint.
    const unsupported = (): never => {
      throw new Error('not used by verification');
    };
    const plain: EventStore = {
      enforcesUniqueEventIds: true,
      anchorsLogDigest: false,
      readAll: async (options) => (await store.readAll(options)).map(({ logDigest: _anchor, ...event }) => event),
      headPosition: () => store.headPosition(),
      append: unsupported,
      readStream: unsupported,
      readLastEvent: unsupported,
      findEventsById: unsupported,
      subscribeToAll: unsupported,
      close: async () => undefined,
    };
    const atEleven = await digestOfLog(store, 11);
    await exec(filename, `UPDATE events SET data = '{"n":' WHERE position = 12`);
    expect(await new AuditLogService(plain, config).verify({ checkpoint: { position: 11, digest: atEleven.digest } })).toMatchObject({
      ok: false,
      firstBadPosition: '12',
      checkpoint: { proven: true },
    });
    // Position 10 (the last event of its stream) removed: the hashes alone cannot see it, the
    // digest of the prefix can, and the page read for it reaches the corrupt row 12.
    await exec(filename, 'DELETE FROM events WHERE position = 10');
    expect(await new AuditLogService(plain, config).verify({ checkpoint: { position: 11, digest: atEleven.digest } })).toMatchObject({
      ok: false,
      firstBadPosition: '12',
      checkpoint: { position: '11', proven: false },
    });
  });

  it('takes a witness that saw more of the log as proof that its tail was cut off', async () => {
    const witness = (position: number | undefined): LogWitness => ({ name: 'read model', highestPosition: async () => position });
    expect(await new AuditLogService(store, config, [witness(12)]).verify()).toMatchObject({ ok: true, checkedEvents: 12 });
    expect(await new AuditLogService(store, config, [witness(undefined)]).verify()).toMatchObject({ ok: true });
    const failing: LogWitness = { name: 'down', highestPosition: () => Promise.reject(new Error('unreachable')) };
    expect(await new AuditLogService(store, config, [failing]).verify()).toMatchObject({ ok: true });
    await exec(filename, 'DELETE FROM events WHERE position > 9');
    expect(await new AuditLogService(store, config, [witness(12)]).verify()).toMatchObject({
      ok: false,
      checkedEvents: 9,
      firstBadPosition: '10',
      problem: 'LOG_TRUNCATED',
      detail: expect.stringContaining('the read model has seen position 12'),
    });
  });
});
