import { READ_STORE } from '@app/application';
import { allProjectors, Sql } from '@app/read-model';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CommandDriver, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';
import { until } from './support/polling';

const U = uscc('11370100MB2853101');
const V = uscc('11370100MB2853103');
/** Every projector the service runs, by name: /health must report each of them. */
const PROJECTORS = allProjectors().map((p) => p.name).sort();
const names = (projectors: Array<{ name: string }>) => projectors.map((p) => p.name).sort();

interface Health {
  status: string;
  headPosition: number;
  projectionPosition: number;
  projectors: Array<{ name: string; position: number; standby?: boolean; failed?: { position: number; eventType: string; message: string } }>;
  subscriptionError?: { message: string; since: string; attempts: number; retryAt: string };
  sagas: Array<{ name: string; failed?: string }>;
  readStoreNewer?: { migrations: string[]; since: string };
}

describe('/health when the projectors cannot follow the log', () => {
  let ledger: TestLedger;
  afterEach(async () => ledger.stop());
  /** /health of the ledger running now (also after a restart). */
  const health = async () => (await ledger.http.get('/health').set(ledger.auth('auditor')).expect(200)).body as Health;
  /** The service with one institution registered and every projector caught up; the log's head. */
  const startedAndCaughtUp = async (): Promise<number> => {
    ledger = await TestLedger.start({}, '2026-01-05');
    await new CommandDriver(ledger).registerInstitution(U, '济南高新区管委会', '370100');
    return (await until('the projectors to catch up', health, (h) => h.status === 'ok' && h.projectionPosition === h.headPosition)).headPosition;
  };

  it('an event of a type this version does not know stops every projector at it (degraded, named), and a restart says the same', async () => {
    // With the process managers: the deadline watcher's sweeps wait for its (stopped) worklist
    // projector, and shutting down while one waits must still close the app.
    await startedAndCaughtUp();
    const api = new CommandDriver(ledger);

    // Written by a newer replica in a rolling deploy.
    const {
      positions: [position],
    } = await ledger.store.append(
      'institution-future',
      [{ id: randomUUID(), type: 'InstitutionMerged', data: { x: 1 }, metadata: { recordedAt: new Date().toISOString(), schemaVersion: 1, actor: { sub: 't', role: 'registrar' } } }],
      'no_stream',
    );
    await api.registerInstitution(V, '某镇人民政府', '370100');

    const degraded = await until('the failure to show', health, (h) => h.projectors.length > 0 && h.projectors.every((p) => p.failed));
    expect(PROJECTORS.length).toBeGreaterThan(0);
    expect(names(degraded.projectors)).toEqual(PROJECTORS);
    expect(degraded.status).toBe('degraded');
    for (const projector of degraded.projectors) {
      expect(projector).toEqual({ name: projector.name, position: position - 1, failed: { position, eventType: 'InstitutionMerged', message: 'unknown event type InstitutionMerged' } });
    }
    expect(degraded.projectionPosition).toBe(position - 1);
    expect(degraded.subscriptionError).toBeUndefined();

    ledger = await ledger.restart('2026-01-05');
    const again = await until('the failure to show after a restart', health, (h) => h.projectors.length > 0 && h.projectors.every((p) => p.failed));
    expect(names(again.projectors)).toEqual(PROJECTORS);
    expect(again.status).toBe('degraded');
    expect(again.projectors.map((p) => p.failed?.position)).toEqual(again.projectors.map(() => position));
  }, 60_000);

  it('a subscription that fails (checkpoints beyond the head of the log) is degraded and named, not ok', async () => {
    const head = await startedAndCaughtUp();
    expect(head).toBeGreaterThan(0);
    // As after restoring the event log from an older backup than the read store.
    await Sql.of(ledger.app.get<DataSource>(READ_STORE)).run(`UPDATE "projection_checkpoints" SET "position" = ?`, [head + 50]);

    ledger = await ledger.restart('2026-01-05');
    const degraded = await until('the subscription error', health, (h) => h.subscriptionError !== undefined);
    expect(degraded.status).toBe('degraded');
    expect(degraded.subscriptionError).toMatchObject({ message: `subscription starts at position ${head + 50}, beyond the log head ${head}`, attempts: expect.any(Number) });
    expect(names(degraded.projectors)).toEqual(PROJECTORS);
    expect(degraded.projectors.every((p) => !p.failed)).toBe(true);
  }, 60_000);

  it('a saga whose subscription fails is degraded and named, and follows the log again by itself once it can (no restart)', async () => {
    const head = await startedAndCaughtUp();
    const saga = (await health()).sagas[0].name;
    // One saga's checkpoint beyond the head (its log restored from an older backup): its subscription fails.
    await Sql.of(ledger.app.get<DataSource>(READ_STORE)).run(`UPDATE "process_checkpoints" SET "position" = ? WHERE "name" = ?`, [head + 2, saga]);

    ledger = await ledger.restart('2026-01-05');
    const degraded = await until('the saga to fail', health, (h) => h.sagas.some((s) => s.failed !== undefined));
    expect(degraded.status).toBe('degraded');
    expect(degraded.sagas.filter((s) => s.failed)).toEqual([{ name: saga, failed: expect.stringContaining(`beyond the log head ${head}`) }]);
    // Without a token (/health is public) the saga is named as failed, without the error's words.
    const anonymous = (await ledger.http.get('/health').expect(200)).body as Health;
    expect(anonymous.sagas.filter((s) => s.failed)).toEqual([{ name: saga, failed: expect.not.stringContaining('log head') }]);

    // The log grows past the checkpoint: the saga's next try follows it, without a restart.
    const after = new CommandDriver(ledger);
    await after.registerInstitution(V, '某镇人民政府', '370100');
    await after.appointLeader(V, 'p-zhou', '2025-01-01', '周某');
    await after.appointLeader(V, 'p-wu', '2025-06-01', '吴某');
    const recovered = await until('the saga to follow the log again', health, (h) => h.sagas.every((s) => !s.failed) && h.status === 'ok', 30_000);
    expect(names(recovered.sagas)).toEqual(names(degraded.sagas));
  }, 60_000);

  it('a saga that follows the log again with nothing left to react to is no longer failed: caught up is enough, no event needed', async () => {
    const head = await startedAndCaughtUp();
    const saga = (await health()).sagas[0].name;
    const readStore = () => Sql.of(ledger.app.get<DataSource>(READ_STORE));
    await readStore().run(`UPDATE "process_checkpoints" SET "position" = ? WHERE "name" = ?`, [head + 5, saga]);

    ledger = await ledger.restart('2026-01-05');
    await until('the saga to fail', health, (h) => h.sagas.some((s) => s.failed !== undefined));
    // The operator puts its checkpoint back at the head (nothing after it to react to): the next
    // try subscribes, is caught up at once, and no batch ever comes.
    await readStore().run(`UPDATE "process_checkpoints" SET "position" = ? WHERE "name" = ?`, [head, saga]);
    const recovered = await until('the saga to be caught up again', health, (h) => h.sagas.every((s) => !s.failed) && h.status === 'ok', 30_000);
    expect(recovered.headPosition).toBe(head);
  }, 60_000);

  it('a read store migrated by a newer release (a rolling upgrade): this process projects nothing more, says why (degraded), and still answers reads', async () => {
    const head = await startedAndCaughtUp();
    const api = new CommandDriver(ledger);
    // The new release's process has migrated the store: a migration this code does not have.
    await Sql.of(ledger.app.get<DataSource>(READ_STORE)).run(`INSERT INTO "migrations" ("timestamp", "name") VALUES (1899999999999, 'FutureRelease1899999999999')`);
    await api.registerInstitution(V, '某镇人民政府', '370100');

    const aside = await until('the runner to stand aside', health, (h) => h.readStoreNewer !== undefined && h.projectors.every((p) => p.standby));
    expect(aside.status).toBe('degraded');
    expect(aside.readStoreNewer).toEqual({ migrations: ['FutureRelease1899999999999'], since: expect.any(String) });
    expect(names(aside.projectors)).toEqual(PROJECTORS);
    // The event appended after the migration is left to the new release: no projector applied it here.
    expect(aside.headPosition).toBe(head + 1);
    expect(aside.projectionPosition).toBe(head);
    expect(aside.projectors.map((p) => p.position)).toEqual(aside.projectors.map(() => head));
    // Reads go on from the tables as they are.
    const list = await ledger.http.get('/v1/lists/dishonest-institutions').set(ledger.auth('supervisor')).expect(200);
    expect(list.body.items).toEqual([]);
  }, 60_000);
});
