import { LEDGER_CONFIG, LedgerConfig, READ_STORE } from '@app/application';
import { Sql } from '@app/read-model';
import type { DataSource } from 'typeorm';
import { CommandDriver, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';
import { until } from './support/polling';

const U = uscc('11370100MB2853101');
const V = uscc('11370100MB2853103');

interface Health {
  status: string;
  projectors: Array<{ name: string; position: number; standby?: boolean; failed?: { position: number; eventType: string; message: string } }>;
}

/** Makes every insert into a table fail, as a full disk or a broken table would, in either store. */
async function refuseInserts(sql: Sql, table: string): Promise<() => Promise<void>> {
  if (sql.dialect === 'sqlite') {
    await sql.run(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, 'the disk said no'); END`);
    return () => sql.run(`DROP TRIGGER refuse_${table}`);
  }
  await sql.run(`CREATE FUNCTION refuse_${table}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the disk said no'; END $$ LANGUAGE plpgsql`);
  await sql.run(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_${table}()`);
  return async () => {
    await sql.run(`DROP TRIGGER refuse_${table} ON "${table}"`);
    await sql.run(`DROP FUNCTION refuse_${table}()`);
  };
}

describe('a projector failed in the process that runs it: what the other processes\' /health says', () => {
  const started: TestLedger[] = [];
  afterEach(async () => {
    // The holder last: it drops the shared read schema (PostgreSQL) and the data dir.
    const [holder, ...others] = started.splice(0);
    for (const ledger of others.reverse()) await ledger.stop({ keepData: true });
    await holder?.stop();
  });

  it('the holder, a standby and an API-only replica all say degraded, naming the event; all say ok once it runs again', async () => {
    const holder = await TestLedger.start({}, '2026-01-05');
    started.push(holder);
    const shared = { dataDir: holder.dataDir, databaseSchema: holder.app.get<LedgerConfig>(LEDGER_CONFIG).databaseSchema };
    const standby = await TestLedger.start(shared, '2026-01-05');
    started.push(standby);
    const apiOnly = await TestLedger.start({ ...shared, runProjectors: false }, '2026-01-05');
    started.push(apiOnly);
    const health = (ledger: TestLedger) => async () => (await ledger.http.get('/health').set(ledger.auth('auditor')).expect(200)).body as Health;
    const api = new CommandDriver(holder);
    await api.registerInstitution(U, '济南高新区管委会', '370100');
    for (const ledger of [holder, standby, apiOnly]) await until('the projectors to catch up', health(ledger), (h) => h.status === 'ok');
    expect((await health(standby)()).projectors.every((p) => p.standby)).toBe(true);

    const allowInserts = await refuseInserts(Sql.of(holder.app.get<DataSource>(READ_STORE)), 'subject_streams');
    await api.registerInstitution(V, '某镇人民政府', '370100');
    const [registered] = await holder.store.readStream(`institution-${V}`);

    for (const [name, ledger] of [['holder', holder], ['standby', standby], ['apiOnly', apiOnly]] as const) {
      const degraded = await until(`${name} to show the failure`, health(ledger), (h) => h.projectors.some((p) => p.failed));
      expect([name, degraded.status]).toEqual([name, 'degraded']);
      expect(degraded.projectors.find((p) => p.name === 'subject-streams')).toMatchObject({
        position: registered.position - 1,
        failed: { position: registered.position, eventType: 'InstitutionRegistered', message: expect.stringContaining('the disk said no') },
      });
    }

    // The cause is gone and the holder restarts: it runs the projector again and clears what it stored.
    await allowInserts();
    const restarted = await holder.restart('2026-01-05', shared.databaseSchema ? { databaseSchema: shared.databaseSchema } : {});
    started[0] = restarted;
    for (const [name, ledger] of [['standby', standby], ['apiOnly', apiOnly]] as const) {
      const ok = await until(`${name} to say ok`, health(ledger), (h) => h.status === 'ok');
      expect([name, ok.projectors.find((p) => p.name === 'subject-streams')!.failed]).toEqual([name, undefined]);
    }
  }, 90_000);
});
