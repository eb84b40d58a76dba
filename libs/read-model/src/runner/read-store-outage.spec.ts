import { SqliteEventStore } from '@app/event-store';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openReadStore } from '../data-source';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { dropSchema, openTestReadStore, tableRows } from '../testing/read-store-harness';
import { isConnectionError, isTransientError, ProjectionRunner } from './projection-runner';
import { PostgresAdvisoryLocks } from './projector-locks';
import { eventually, recordingLogger, registerInstitutions, sleep } from '../testing/runner-fixtures';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The network between this process and PostgreSQL: a TCP relay that can go down (every open
 * connection cut, new ones refused, as in a server restart or failover) and come back on the
 * same port. PostgreSQL itself, and every other test's connections, are untouched.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('isConnectionError', () => {
  it('knows a refused connection, through the drivers as they throw it', async () => {
    const port = await closedPort();
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/test` });
    const refused = await client.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeDefined();
    expect(isConnectionError(refused)).toBe(true);
    const dataSource = new DataSource({ type: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/test` });
    const viaTypeorm = await dataSource.initialize().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isConnectionError(viaTypeorm)).toBe(true);
    expect(isTransientError(viaTypeorm)).toBe(false);
  });

  it('does not take an error of the statement for one of the connection', async () => {
    const store = await openTestReadStore('conn_errors');
    try {
      // An error raised while the statement runs, not when it is parsed: division by zero on
      // PostgreSQL; SQLite answers 1/0 with NULL, so there an integer overflow.
      const failsWhileRunning =
        store.options.kind === 'postgres'
          ? `SELECT 1/0 FROM "projection_checkpoints" WHERE 1 = 1 UNION SELECT 1/0`
          : `SELECT abs(-9223372036854775808) FROM "projection_checkpoints" WHERE 1 = 1 UNION SELECT abs(-9223372036854775808)`;
      const statements = [`SELECT * FROM "no_such_table"`, `INSERT INTO "projection_checkpoints" ("name", "position") VALUES (NULL, 1)`, failsWhileRunning];
      for (const sql of statements) {
        const error = await store.dataSource.query(sql).then(
          () => undefined,
          (e: unknown) => e,
        );
        // Each statement fails on either store, and not for want of a connection.
        expect([sql, error instanceof Error]).toEqual([sql, true]);
        expect([sql, isConnectionError(error)]).toEqual([sql, false]);
      }
      expect(isConnectionError(new Error('the disk said no'))).toBe(false);
      expect(isConnectionError(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
      expect(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
      expect(isConnectionError(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
      expect(isConnectionError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
      // ALTER DATABASE ... ALLOW_CONNECTIONS false, as during maintenance (55000 alone is too broad).
      expect(isConnectionError(Object.assign(new Error('database "ledger" is not currently accepting connections'), { code: '55000' }))).toBe(true);
      expect(isConnectionError(Object.assign(new Error('sorry, too many clients already'), { code: '53300' }))).toBe(true);
      expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});

const url = process.env.DATABASE_URL;

(url ? describe : describe.skip)('ProjectionRunner: the read store (PostgreSQL) out of reach for a moment', () => {
  let relay: Relay;
  let dir: string;
  let schema: string;
  let dataSource: DataSource;
  let store: SqliteEventStore;
  let runner: ProjectionRunner | undefined;
  const logger = recordingLogger();
  const { lines } = logger;
  const register = (from: number, to: number) => registerInstitutions(store, from, to);
  const projectors = () => [new LogInstantsProjector(), new SubjectStreamsProjector()];
  const statusOf = (name: string) => runner!.status().find((s) => s.name === name)!;
  const viaRelay = () => {
    const target = new URL(url!);
    target.hostname = '127.0.0.1';
    target.port = String(relay.port);
    return target.toString();
  };

  beforeEach(async () => {
    lines.length = 0;
    const target = new URL(url!);
    relay = new Relay(target.hostname, Number(target.port || 5432));
    await relay.up();
    dir = mkdtempSync(join(tmpdir(), 'ledger-outage-'));
    schema = `outage_${randomBytes(5).toString('hex')}`;
    dataSource = await openReadStore({ kind: 'postgres', url: viaRelay(), schema });
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await relay.up();
    await runner?.stop();
    runner = undefined;
    await store.close();
    await dataSource.destroy();
    await relay.down();
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(url!, schema);
  });

  it('events appended meanwhile wait, no event is blamed, and they are applied once it is back, with a line per try', async () => {
    await register(1, 3);
    runner = new ProjectionRunner(store, dataSource, projectors(), logger, undefined, { lockRetryMs: 30, outageRetryMs: 50 });
    await runner.start();
    expect(runner.position).toBe(3);

    await relay.down();
    await register(4, 6);
    const waiting = await eventually('a projector to wait', () => runner!.status().find((s) => s.retrying), (s) => s !== undefined && s.retrying!.attempts >= 3, 15_000);
    expect(waiting!.retrying).toMatchObject({ since: expect.any(String), message: expect.stringMatching(/ECONNREFUSED|Connection terminated/) });
    await sleep(400);
    // 50, 100, 200, 400 ms...: a few lines, not one per lock round (30 ms) or a stack each.
    const tries = lines.filter((line) => line.includes('cannot reach the read store'));
    expect(tries.length).toBeGreaterThanOrEqual(3);
    expect(tries.length).toBeLessThanOrEqual(8);
    expect(tries.every((line) => !line.includes('\n'))).toBe(true);
    expect(runner.status().every((s) => s.failed === undefined)).toBe(true);
    expect(runner.position).toBe(3);

    await relay.up();
    expect(await runner.waitFor(6, 15_000)).toBe(true);
    expect(runner.status()).toEqual([
      { name: 'log-instants', position: 6 },
      { name: 'subject-streams', position: 6 },
    ]);
    expect(await tableRows(dataSource, 'subject_streams')).toHaveLength(6);
    expect(await tableRows(dataSource, 'log_instants')).toHaveLength(6);
    expect(lines).toContainEqual(expect.stringMatching(/^log projector \S+ reaches the read store again \(after \d+ tries since .*\); it goes on from position [4-6]$/));
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);

    await register(7, 7);
    expect(await runner.waitFor(7, 5_000)).toBe(true);
  });

  it('with the advisory locks through the same server: the locks go with it, are taken again, and nothing is blamed or skipped', async () => {
    await register(1, 3);
    runner = new ProjectionRunner(store, dataSource, projectors(), logger, undefined, { locks: new PostgresAdvisoryLocks(viaRelay(), schema), lockRetryMs: 30, outageRetryMs: 50 });
    await runner.start();
    expect(runner.position).toBe(3);

    await relay.down();
    await register(4, 6);
    await sleep(700);
    expect(runner.status().every((s) => s.failed === undefined)).toBe(true);
    // The timer's failed rounds (taking the locks again) say so in a line, not a stack a round.
    expect(lines.filter((line) => line.includes('\n    at '))).toEqual([]);

    await relay.up();
    await eventually('the projectors to catch up', () => runner!.status(), (status) => status.every((s) => s.position === 6 && !s.standby), 15_000);
    expect(runner.status().every((s) => s.failed === undefined)).toBe(true);
    expect(await tableRows(dataSource, 'subject_streams')).toHaveLength(6);
    expect(await tableRows(dataSource, 'log_instants')).toHaveLength(6);
    expect(statusOf('subject-streams')).toEqual({ name: 'subject-streams', position: 6 });
  });
});
