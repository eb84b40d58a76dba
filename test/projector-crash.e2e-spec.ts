import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { EventLedger, SqliteEventStore } from '@app/event-store';
import {
  openReadStore,
  PostgresAdvisoryLocks,
  ProjectionRunner,
  ProjectorLocks,
  readCheckpoints,
  readSideProjectors,
  rebuildProjections,
  SqliteFileLocks,
  Sql,
} from '@app/read-model';
import { LedgerScenario } from '@app/read-model/workload/ledger-scenario';
import { openTestReadStore, tableRows, TestReadStore } from '@app/read-model/testing/read-store-harness';
import { SETUP_INTENTS, scenarioArbitrary } from '@app/read-model/testing/scenario.arbitraries';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';

const ROOT = resolve(__dirname, '..');
const CHILD = resolve(ROOT, 'libs/read-model/src/testing/projector-crash.child.ts');
const TABLES = readSideProjectors().flatMap((p) => [...(p.tables ?? [])]);
const quiet = { log: () => undefined, error: () => undefined };

async function snapshot(dataSource: DataSource) {
  const sql = Sql.of(dataSource);
  return Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await tableRows(sql, t)] as const)));
}

/** Runs the crash child until it kills itself; resolves with how it ended. */
function runChild(options: object): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', CHILD, JSON.stringify(options)], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code, signal) => resolvePromise({ code, signal, output }));
  });
}

/**
 * The projector process dies in the middle of a batch (rows written, checkpoint not, no commit);
 * a restarted projector carries on from the committed checkpoints, and the read model equals a
 * rebuild from scratch: no event lost, none applied twice. Also: one projector process at a time.
 */
describe('projector process: crash mid-batch and single writer', () => {
  let readStore: TestReadStore;
  let store: SqliteEventStore;
  let head: number;

  beforeAll(async () => {
    readStore = await openTestReadStore('crash');
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const ledger = new EventLedger(store, { now: () => new Date('2026-11-22T02:00:00Z') });
    const scenario = new LedgerScenario(
      async (streamId, events, expected) => {
        await ledger.append(streamId, events, expected, { commandId: randomUUID(), actor: { sub: 'generator', role: 'credit-office' } });
      },
      '2026-11-22',
      'crash',
      12,
    );
    const intents = fc.sample(scenarioArbitrary(400, 400), { numRuns: 1, seed: 20261122 })[0];
    await scenario.run([...SETUP_INTENTS, ...intents, ...SETUP_INTENTS]);
    head = await store.headPosition();
    await readStore.dataSource.destroy();
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await readStore.close();
  });

  it('restarted after a SIGKILL inside a batch, it ends with the read model a rebuild gives', async () => {
    const ended = await runChild({ events: join(readStore.dir, 'events.sqlite'), readStore: readStore.options, locksDir: join(readStore.dir, 'locks'), killAtCommit: 23, batchSize: 40 });
    expect(ended).toMatchObject({ signal: 'SIGKILL' });

    const dataSource = await openReadStore(readStore.options);
    try {
      const before = [...(await readCheckpoints(dataSource)).values()];
      // Killed part-way: some batches committed, the log not done.
      expect(Math.max(...before)).toBeGreaterThan(0);
      expect(Math.min(...before)).toBeLessThan(head);

      const runner = new ProjectionRunner(store, dataSource, readSideProjectors(), quiet, undefined, { locks: new SqliteFileLocks(join(readStore.dir, 'locks')), batchSize: 40 });
      await runner.start();
      expect(runner.position).toBe(head);
      expect(runner.status().every((s) => !s.failed)).toBe(true);
      await runner.stop();

      const fresh = await openTestReadStore('crash-rebuild');
      try {
        await rebuildProjections({ store, dataSource: fresh.dataSource, projectors: readSideProjectors() });
        expect(await snapshot(dataSource)).toEqual(await snapshot(fresh.dataSource));
      } finally {
        await fresh.close();
      }
    } finally {
      await dataSource.destroy();
    }
  }, 120_000);

  it('runs each projector in one process at a time: a second one stands by and takes over when the first stops', async () => {
    const locks = (): ProjectorLocks =>
      readStore.options.kind === 'postgres' ? new PostgresAdvisoryLocks(readStore.options.url, readStore.options.schema ?? 'public') : new SqliteFileLocks(join(readStore.dir, 'locks'));
    const first = await openReadStore(readStore.options);
    const second = await openReadStore(readStore.options);
    const a = new ProjectionRunner(store, first, readSideProjectors(), quiet, undefined, { locks: locks(), lockRetryMs: 50 });
    const b = new ProjectionRunner(store, second, readSideProjectors(), quiet, undefined, { locks: locks(), lockRetryMs: 50 });
    try {
      await a.start();
      await b.start();
      expect(a.ownsAll).toBe(true);
      expect(b.status().every((s) => s.standby)).toBe(true);
      await a.stop();
      for (let i = 0; i < 100 && !b.ownsAll; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(b.ownsAll).toBe(true);
      expect(await b.waitFor(head, 10_000)).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
      await first.destroy();
      await second.destroy();
    }
  }, 60_000);
});
