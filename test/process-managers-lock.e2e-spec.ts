import { withUsccCheckCharacter } from '@app/domain';
import { Client } from 'pg';
import { DomainWriter } from './support/domain-writer';
import { until } from './support/polling';
import { LEDGER_CONFIG } from '@app/application';
import { TestLedger } from './support/test-app';

const USCC = withUsccCheckCharacter('11370100MB2850888');

interface Health {
  status: string;
  processManagers: string;
  sagas: Array<{ name: string }>;
}

/**
 * Two replicas configured to run the process managers (docker-compose scales the `ledger`
 * service): one runs the deadline watcher and the sagas, the other stands by and takes them over
 * when the first stops (architecture.md "Scale-out": one instance at a time, under a lock).
 */
describe('process managers: one replica runs them, another takes over', () => {
  let first: TestLedger | undefined;
  const replicas: TestLedger[] = [];
  afterEach(async () => {
    // The replicas first, then the one whose data dir (and read schema) they share.
    for (const replica of replicas.splice(0)) await replica.stop({ keepData: true });
    await first?.stop();
    first = undefined;
  });
  const health = async (test: TestLedger) => (await test.http.get('/health').expect(200)).body as Health;

  it('the second replica stands by while the first runs them, and lapses what fell due once it has taken over', async () => {
    first = await TestLedger.start({}, '2026-11-22');
    const second = await first.beside({}, '2026-11-22');
    replicas.push(second);
    expect(await health(first)).toMatchObject({ status: 'ok', processManagers: 'running', sagas: expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]) });
    expect(await health(second)).toMatchObject({ status: 'ok', processManagers: 'standby', sagas: [] });
    const off = await first.beside({ runProcessManagers: false }, '2026-11-22');
    expect((await health(off)).processManagers).toBe('off');
    await off.stop({ keepData: true });

    const writer = new DomainWriter(first, USCC);
    await writer.institution();
    await writer.recordWithOrder('r-1', '2026-11-30');

    // The first stops; the second takes over, and its watcher's first sweep lapses the order now due.
    await first.stop({ keepData: true });
    second.clock.setToday('2026-12-02');
    await until('the second replica to run the process managers', () => health(second), (h) => h.processManagers === 'running' && h.sagas.length > 0, 15_000, 100);
    await until('the order to lapse', async () => (await second.store.readStream('record-r-1')).some((e) => e.type === 'InstitutionListed'), Boolean, 15_000, 100);
    // Written once: by the second replica's watcher.
    const events = await second.store.readStream('record-r-1');
    expect(events.filter((e) => e.type === 'RectificationDeadlineLapsed')).toHaveLength(1);
    expect(events.find((e) => e.type === 'RectificationDeadlineLapsed')?.metadata).toMatchObject({ actor: { sub: 'deadline-watcher' } });
  });

  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  onPostgres('a replica whose lock session drops stops them and takes them over again on a new session (PostgreSQL)', async () => {
    first = await TestLedger.start({}, '2026-11-22');
    const schema = String(first.app.get<{ databaseSchema?: string }>(LEDGER_CONFIG).databaseSchema);
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      // The session holding this deployment's process-managers advisory lock.
      const holder = async () => {
        const rows = await client.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
             AND classid::bigint = (hashtext('ledger-projector')::bigint + 4294967296) % 4294967296
             AND objid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296`,
          [`${schema}:process-managers`],
        );
        return rows.rows[0]?.pid;
      };
      const before = await holder();
      expect(before).toEqual(expect.any(Number));
      await client.query('SELECT pg_terminate_backend($1)', [before]);
      const after = await until('a new session to hold the lock', holder, (pid) => pid !== undefined && pid !== before, 15_000, 100);
      expect(after).not.toBe(before);
      expect((await health(first)).processManagers).toBe('running');
    } finally {
      await client.end();
    }
  });
});
