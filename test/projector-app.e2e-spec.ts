import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventLedger, SqliteEventStore } from '@app/event-store';
import { allProjectors } from '@app/read-model';
import { LedgerScenario } from '@app/read-model/workload/ledger-scenario';
import { dropSchema } from '@app/read-model/testing/read-store-harness';
import { SETUP_INTENTS, scenarioArbitrary } from '@app/read-model/testing/scenario.arbitraries';
import fc from 'fast-check';
import { until } from './support/polling';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'apps/projector/src/main.ts');
/** Every projector the app runs, by name. */
const PROJECTORS = allProjectors().map((p) => p.name).sort();
const names = (h: Health) => h.projectors.map((p) => p.name).sort();

const freePort = (): Promise<number> =>
  new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });

interface Health {
  status: string;
  projectionLag: number;
  headPosition: number;
  projectionPosition: number;
  projectors: Array<{ name: string; standby?: boolean }>;
}

async function health(port: number): Promise<Health | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    return (await response.json()) as Health;
  } catch {
    return undefined;
  }
}

/** Until a process answers and says `ok`, polled every 200 ms for up to a minute (two processes start and build here). */
const untilAnswers = <T>(what: string, probe: () => Promise<T | undefined>, ok: (value: T) => boolean): Promise<T> =>
  until(what, probe, (value) => value !== undefined && ok(value), 60_000, 200) as Promise<T>;

/**
 * The projector app as deployed (apps/projector/src/main.ts), twice on one data dir: one runs
 * every projector, the other stands by; killed, the first hands over to the second, which
 * catches up with what was appended meanwhile.
 */
describe('apps/projector: one instance per projector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-projector-app-'));
  const schema = process.env.DATABASE_URL ? `projapp_${randomBytes(5).toString('hex')}` : undefined;
  const children: ChildProcess[] = [];
  let store: SqliteEventStore;
  let ledger: EventLedger;

  const start = (port: number): ChildProcess => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        PORT: String(port),
        LEDGER_DATA_DIR: dir,
        LEDGER_JWT_SECRET: 'projector-app-secret-0123456789',
        ...(schema ? { LEDGER_READ_STORE: 'postgres', LEDGER_DATABASE_SCHEMA: schema } : { LEDGER_READ_STORE: 'sqlite' }),
      },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };
  const write = async (seed: number, prefix: string) => {
    const scenario = new LedgerScenario(
      async (streamId, events, expected) => {
        await ledger.append(streamId, events, expected, { commandId: randomUUID(), actor: { sub: 'generator', role: 'credit-office' } });
      },
      '2026-11-22',
      prefix,
    );
    await scenario.run([...SETUP_INTENTS, ...fc.sample(scenarioArbitrary(100, 100), { numRuns: 1, seed })[0]]);
  };

  beforeAll(async () => {
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    ledger = new EventLedger(store, { now: () => new Date('2026-11-22T02:00:00Z') });
    await write(1, 'first');
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (schema) await dropSchema(process.env.DATABASE_URL!, schema);
  });

  it('runs every projector in the first process, keeps the second on standby, and hands over when the first dies', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    expect(PROJECTORS.length).toBeGreaterThan(0);
    const firstHead = await store.headPosition();
    const a = start(portA);
    const first = await untilAnswers(
      'the first projector to catch up',
      () => health(portA),
      (h) => h.projectors.length > 0 && h.projectors.every((p) => !p.standby) && h.projectionPosition === firstHead,
    );
    expect(names(first)).toEqual(PROJECTORS);
    expect(first).toMatchObject({ status: 'ok', headPosition: firstHead, projectionPosition: firstHead, projectionLag: 0 });
    start(portB);
    const standby = await untilAnswers('the second projector to start', () => health(portB), (h) => h.projectors.length > 0);
    expect(names(standby)).toEqual(PROJECTORS);
    expect(standby.projectors.every((p) => p.standby)).toBe(true);

    a.kill('SIGKILL');
    await write(2, 'second');
    const head = await store.headPosition();
    expect(head).toBeGreaterThan(firstHead);
    const took = await untilAnswers(
      'the second projector to take over and catch up',
      () => health(portB),
      (h) => h.projectors.length > 0 && h.projectors.every((p) => !p.standby) && h.projectionPosition === head,
    );
    expect(names(took)).toEqual(PROJECTORS);
    expect(took).toMatchObject({ status: 'ok', headPosition: head, projectionPosition: head, projectionLag: 0 });
  }, 120_000);
});
