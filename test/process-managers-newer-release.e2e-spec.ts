import { withUsccCheckCharacter } from '@app/domain';
import { LEDGER_CONFIG, LedgerConfig, PROCESS_MANAGERS_LOCK, projectorLocksFor, READ_STORE } from '@app/application';
import { Sql } from '@app/read-model';
import type { DataSource } from 'typeorm';
import { DomainWriter } from './support/domain-writer';
import { until } from './support/polling';
import { sagasCaughtUp } from './support/sagas';
import { TestLedger } from './support/test-app';

const USCC = withUsccCheckCharacter('11370100MB2850777');

interface Health {
  status: string;
  sagas: Array<{ name: string; failed?: string; standingAside?: boolean }>;
  processManagers: string;
  readStoreNewer?: { migrations: string[]; since: string };
}

/**
 * A rolling upgrade: a process of the new release has migrated the read store while this one
 * runs the process managers. Its sagas and its deadline watcher would react by the older rules (and
 * race the new release's for the same command ids): they stand aside, and say so.
 */
describe('process managers of a release older than the read store', () => {
  let test: TestLedger;
  let writer: DomainWriter;
  const health = async () => (await test.http.get('/health').expect(200)).body as Health;

  beforeEach(async () => {
    test = await TestLedger.start({}, '2026-11-22');
    writer = new DomainWriter(test, USCC);
    await writer.institution();
    await writer.designateExemplar('ex-1', '2026-03-01');
    await writer.recordWithOrder('r-1', '2026-11-10');
    await sagasCaughtUp(test);
  });
  afterEach(async () => {
    await test.stop();
  });

  const futureMigration = () =>
    Sql.of(test.app.get<DataSource>(READ_STORE)).run(`INSERT INTO "migrations" ("timestamp", "name") VALUES (1899999999999, 'FutureRelease1899999999999')`);
  const checkpoints = async () =>
    Sql.of(test.app.get<DataSource>(READ_STORE)).rows<{ name: string; position: unknown }>(`SELECT "name", "position" FROM "process_checkpoints" ORDER BY "name"`);

  it('a sweep finds it: refused (503) with nothing appended, and the sagas stand aside at once', async () => {
    expect((await health()).sagas.every((s) => !s.standingAside)).toBe(true);
    await futureMigration();
    const head = await test.store.headPosition();
    const refused = await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(503);
    expect(refused.body).toMatchObject({ code: 'READ_STORE_NEWER', migrations: ['FutureRelease1899999999999'] });
    expect(await test.store.headPosition()).toBe(head);
    // No batch has reached the sagas since: they stand aside on the watcher's finding.
    const aside = await health();
    expect(aside.sagas.length).toBeGreaterThan(0);
    expect(aside.sagas.every((s) => s.standingAside && !s.failed)).toBe(true);
    expect(aside.status).toBe('degraded');
    expect(aside.readStoreNewer).toEqual({ migrations: ['FutureRelease1899999999999'], since: expect.any(String) });
    // Their lock is left to a process of the newer release.
    expect(aside.processManagers).toBe('standingAside');
    const locks = projectorLocksFor(test.app.get<LedgerConfig>(LEDGER_CONFIG));
    try {
      const lease = await until('the process managers lock to be free', () => locks.tryAcquire(PROCESS_MANAGERS_LOCK), (taken) => taken !== undefined, 5_000, 50);
      await lease!.release();
    } finally {
      await locks.close();
    }
  });

  it('a saga finds it before it reacts: the lapse written meanwhile goes unanswered here, no checkpoint moves, and a restart on the matching release answers it', async () => {
    const before = await checkpoints();
    expect(before.length).toBeGreaterThan(0);
    await futureMigration();
    // The lapse, as the new release's watcher would write it: this process's listing saga does not answer it.
    await writer.record({ type: 'LapseRectificationDeadline', today: '2026-11-22', data: { recordId: 'r-1' } });
    const aside = await until('the sagas to stand aside', health, (h) => h.sagas.length > 0 && h.sagas.every((s) => s.standingAside));
    expect(aside.status).toBe('degraded');
    expect(aside.sagas.every((s) => !s.failed)).toBe(true);
    expect(aside.readStoreNewer).toEqual({ migrations: ['FutureRelease1899999999999'], since: expect.any(String) });
    expect((await test.store.readStream('record-r-1')).map((e) => e.type)).toContain('InstitutionListed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await test.store.readStream('exemplar-ex-1')).map((e) => e.type)).toEqual(['ExemplarDesignated']);
    // Left to the new release's sagas, from where they stood.
    expect(await checkpoints()).toEqual(before);

    // Restarted on the newer release (here: the store without the future migration), it reacts again.
    await Sql.of(test.app.get<DataSource>(READ_STORE)).run(`DELETE FROM "migrations" WHERE "name" = 'FutureRelease1899999999999'`);
    test = await test.restart('2026-11-22');
    await sagasCaughtUp(test);
    expect((await test.store.readStream('exemplar-ex-1')).map((e) => e.type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked']);
    expect((await health()).sagas.every((s) => !s.standingAside)).toBe(true);
  }, 60_000);
});
