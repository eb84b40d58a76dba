import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { LedgerConfig, PROCESS_MANAGERS_LOCK, projectorLocksFor } from '@app/application';
import { GENESIS_HASH, rollDigest, SqliteEventStore, StoredEvent, verifyLog } from '@app/event-store';
import { AuditCliModule } from '../apps/cli/src/audit/audit-cli.module';
import { DemoCommand } from '../apps/cli/src/log/demo.command';
import { ExportCommand } from '../apps/cli/src/log/export.command';
import { ImportCommand } from '../apps/cli/src/log/import.command';
import { ExportChecker } from '../apps/cli/src/log/log-export';
import { runCli } from './support/cli';

const SECRET = 'cli-log-transfer-secret-0123456789';
const config = (dataDir: string): Partial<LedgerConfig> => ({ dataDir, jwtSecret: SECRET, readStore: 'sqlite', eventStore: 'sqlite' });
const ledger = (args: string[], dataDir: string) => runCli(args, config(dataDir), { imports: [AuditCliModule], providers: [ExportCommand, ImportCommand, DemoCommand] });

/** Every event of a log as stored, without the position (another store numbers them itself). */
async function events(dataDir: string): Promise<Array<Omit<StoredEvent, 'position' | 'logDigest'>>> {
  const store = await SqliteEventStore.open({ filename: join(dataDir, 'events.sqlite') });
  try {
    return (await store.readAll({ fromPosition: 0, limit: 100_000 })).map(({ position: _p, logDigest: _d, ...rest }) => rest);
  } finally {
    await store.close();
  }
}

async function verified(dataDir: string): Promise<boolean> {
  const store = await SqliteEventStore.open({ filename: join(dataDir, 'events.sqlite') });
  try {
    return (await verifyLog(store)).ok;
  } finally {
    await store.close();
  }
}

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');
const headOf = async (dataDir: string) => (existsSync(join(dataDir, 'events.sqlite')) ? (await events(dataDir)).length : 0);

/**
 * `ledger demo`, `ledger export` and `ledger import` (architecture.md's CLI): a demo history
 * written by the service itself, exported, and imported into another data dir, which then holds
 * the same log with the same digest. An export that does not check out whole, or a store that
 * holds something else, is refused before anything is written; an interrupted import goes on.
 */
describe('ledger demo, export and import', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-cli-transfer-'));
  const source = join(root, 'source');
  const file = join(root, 'log.ndjson');
  let digest: string;
  const fresh = (name: string) => join(root, name);

  beforeAll(async () => {
    const demo = await ledger(['demo'], source);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('demo written:');
    expect(demo.stdout).toContain('an approver checks 交通局 before an award evaluation: RESTRICTED');
    const exported = await ledger(['export', '--out', file], source);
    expect(exported.code).toBe(0);
    digest = JSON.parse(lines(file).at(-1)!).digest;
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('demo writes a history through the service (its sagas reacted: the listing revoked the red-list title) that verifies; a second demo on it is refused and writes nothing', async () => {
    const log = await events(source);
    expect(log.length).toBeGreaterThan(30);
    expect(log.filter((e) => e.streamId === 'exemplar-demo-exm-1').map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked']);
    expect(log.map((e) => e.type)).toEqual(expect.arrayContaining(['InstitutionListed', 'AwardBanImposed', 'RepairDecided', 'InstitutionDelisted', 'CheckFeedbackGiven', 'ObjectionFiled']));
    expect(await verified(source)).toBe(true);
    const again = await ledger(['demo'], source);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a demo is written into an empty ledger only');
    expect(await events(source)).toHaveLength(log.length);
  }, 60_000);

  it('export then import: the same events (ids, data, metadata, hashes) and the same digest, and the imported log verifies', async () => {
    const target = fresh('imported');
    const run = await ledger(['import', file], target);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`log digest ${digest} (the export's)`);
    expect(await events(target)).toEqual(await events(source));
    expect(await verified(target)).toBe(true);
    const saved = await ledger(['digest'], target);
    expect(JSON.parse(saved.stdout).digest).toBe(digest);
    // The header, one line per event, the trailer.
    expect(lines(file)).toHaveLength((await events(source)).length + 2);
  });

  it('an export with one event changed is refused, naming its line, and nothing is written', async () => {
    const all = lines(file);
    const event = JSON.parse(all[5]);
    all[5] = JSON.stringify({ ...event, data: { ...event.data, name: '张冠李戴' } });
    const tampered = join(root, 'tampered.ndjson');
    writeFileSync(tampered, `${all.join('\n')}\n`);
    const target = fresh('tampered');
    const run = await ledger(['import', tampered], target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 6:');
    expect(run.stderr).toContain('nothing was imported');
    expect(await headOf(target)).toBe(0);
  });

  it("an event of a stream the ledger does not have (a store's own metadata stream) is refused and nothing is written", async () => {
    const all = lines(file);
    const event = JSON.parse(all[1]);
    all[1] = JSON.stringify({ ...event, streamId: `$$${event.streamId}` });
    const foreign = join(root, 'foreign-stream.ndjson');
    writeFileSync(foreign, `${all.join('\n')}\n`);
    const target = fresh('foreign-stream');
    const run = await ledger(['import', foreign], target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 2: streamId "$$');
    expect(run.stderr).toContain('is not a stream of the ledger');
    expect(await headOf(target)).toBe(0);
  });

  it('is refused while a service runs on that ledger (it holds the process managers\' lock), and writes nothing', async () => {
    const target = fresh('busy');
    const locks = projectorLocksFor({ ...(config(target) as LedgerConfig) });
    const held = await locks.tryAcquire(PROCESS_MANAGERS_LOCK);
    expect(held).toBeDefined();
    try {
      const run = await ledger(['import', file], target);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('stop it before importing; nothing was imported');
      expect(await headOf(target)).toBe(0);
    } finally {
      await held!.release();
      await locks.close();
    }
  });

  it('a file that changes between the check and the writing stops where it no longer checks out: what was written verifies', async () => {
    const all = lines(file);
    const event = JSON.parse(all[8]);
    all[8] = JSON.stringify({ ...event, data: { ...event.data, changed: true } });
    const changing = join(root, 'changing.ndjson');
    writeFileSync(changing, readFileSync(file));
    // The file is rewritten the moment the first pass has checked it whole (another `ledger export --out` onto it, say).
    const finish = ExportChecker.prototype.finish;
    const spy = jest.spyOn(ExportChecker.prototype, 'finish').mockImplementationOnce(function (this: ExportChecker, line: number) {
      const result = finish.call(this, line);
      writeFileSync(changing, `${all.join('\n')}\n`);
      return result;
    });
    const target = fresh('changing');
    try {
      const run = await ledger(['import', changing], target);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('changed while it was imported: line 9:');
    } finally {
      spy.mockRestore();
    }
    const written = await headOf(target);
    expect(written).toBeLessThan(8);
    expect(await verified(target)).toBe(true);
    expect(await events(target)).toEqual((await events(source)).slice(0, written));
  });

  it('an export cut short (no trailer) is refused and nothing is written', async () => {
    const short = join(root, 'short.ndjson');
    writeFileSync(short, `${lines(file).slice(0, -3).join('\n')}\n`);
    const target = fresh('short');
    const run = await ledger(['import', short], target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the file was cut short');
    expect(await headOf(target)).toBe(0);
  });

  it('a store holding other events is refused, and keeps them', async () => {
    const other = fresh('other');
    expect((await ledger(['demo'], other)).code).toBe(0);
    // The same story written again: other command ids, other instants, so other hashes.
    const before = await events(other);
    const run = await ledger(['import', file], other);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('that are not the start of this export; nothing was imported');
    expect(await events(other)).toEqual(before);
  }, 60_000);

  it('an import that stopped part-way goes on from where it stopped, to the same log', async () => {
    const target = fresh('resumed');
    const all = lines(file);
    const first = all.slice(1, 11).map((line) => JSON.parse(line));
    const prefix = join(root, 'prefix.ndjson');
    writeFileSync(
      prefix,
      [all[0], ...first.map((e) => JSON.stringify(e)), JSON.stringify({ end: true, events: 10, position: first[9].position, digest: first.reduce((d, e) => rollDigest(d, e.metadata.hash), GENESIS_HASH) })].join('\n'),
    );
    expect((await ledger(['import', prefix], target)).code).toBe(0);
    const run = await ledger(['import', file], target);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('after the 10 an earlier import had written');
    expect(await events(target)).toEqual(await events(source));
  });

  it('--from-digest: the export must hold the log a saved digest names, unchanged', async () => {
    const saved = join(root, 'saved.json');
    writeFileSync(saved, (await ledger(['digest'], source)).stdout);
    expect((await ledger(['import', file, '--from-digest', saved], fresh('with-digest'))).code).toBe(0);
    const wrong = join(root, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ ...JSON.parse(readFileSync(saved, 'utf8')), digest: 'f'.repeat(64) }));
    const target = fresh('wrong-digest');
    const run = await ledger(['import', file, '--from-digest', wrong], target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('differs from the saved digest');
    expect(await headOf(target)).toBe(0);
  });

  it('an export of a log with a damaged row fails, and leaves no file', async () => {
    const damaged = fresh('damaged');
    expect((await ledger(['import', file], damaged)).code).toBe(0);
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(join(damaged, 'events.sqlite'), (error) => {
        if (error) return reject(error);
        db.run(`UPDATE events SET data = '{"cut' WHERE position = 7`, (runError) => db.close(() => (runError ? reject(runError) : resolve())));
      });
    });
    const out = join(root, 'damaged.ndjson');
    const run = await ledger(['export', '--out', out], damaged);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${out} was not written`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
