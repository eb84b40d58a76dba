import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_CONFIG, LedgerConfig, READ_STORE } from '@app/application';
import { EventLedger } from '@app/event-store';
import { allProjectors, Sql } from '@app/read-model';
import { LedgerScenario } from '@app/read-model/workload/ledger-scenario';
import { SETUP_INTENTS, scenarioArbitrary } from '@app/read-model/testing/scenario.arbitraries';
import { tableRows } from '@app/read-model/testing/read-store-harness';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { RebuildCommand } from '../apps/cli/src/commands/rebuild.command';
import { runCli } from './support/cli';
import { TestLedger } from './support/test-app';

/** `ledger <args>` in this process with the service's own configuration (same data dir, same read store). */
const ledgerCli = (args: string[], config: Partial<LedgerConfig>) => runCli(args, config, { providers: [RebuildCommand] });

async function tableNames(sql: Sql): Promise<string[]> {
  const rows =
    sql.dialect === 'sqlite'
      ? await sql.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await sql.rows<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`);
  return rows.map((r) => r.name).sort();
}

describe('ledger rebuild', () => {
  let ledger: TestLedger;
  let config: LedgerConfig;
  const TABLES = allProjectors().flatMap((p) => [...(p.tables ?? [])]);
  const snapshot = async () => {
    const sql = Sql.of(ledger.app.get<DataSource>(READ_STORE));
    return Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await tableRows(sql, t)] as const)));
  };

  beforeAll(async () => {
    ledger = await TestLedger.start({ runProcessManagers: false }, '2026-11-22');
    config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    const eventLedger = ledger.app.get(EventLedger);
    const scenario = new LedgerScenario(
      async (streamId, events, expected) => {
        await eventLedger.append(streamId, events, expected, { commandId: randomUUID(), actor: { sub: 'generator', role: 'credit-office' } });
      },
      '2026-11-22',
      'cli',
    );
    await scenario.run([...SETUP_INTENTS, ...fc.sample(scenarioArbitrary(150, 150), { numRuns: 1, seed: 7 })[0]]);
    const head = await ledger.store.headPosition();
    await ledger.http.get(`/health?consistentWith=${head}`).expect(200);
  }, 60_000);
  afterAll(async () => {
    await ledger.stop();
  });

  it('rebuilds named projections beside the running service and swaps in the same rows', async () => {
    const before = await snapshot();
    const run = await ledgerCli(['rebuild', '--projection', 'dishonest-list', '--projection', 'award-bans'], config);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^rebuilt dishonest-list, award-bans: \d+ events up to position \d+ in [\d.]+ s \(\d+ events\/s\); tables swapped in\n$/);
    expect(await snapshot()).toEqual(before);
    const list = await ledger.http.get('/v1/lists/award-bans').set(ledger.auth('auditor')).expect(200);
    expect(list.body.total).toBe(before.award_bans.filter((row) => row.sys_to === Number.MAX_SAFE_INTEGER).length);
  }, 60_000);

  it('rebuilds every projection by default', async () => {
    const before = await snapshot();
    const run = await ledgerCli(['rebuild', '--batch-size', '37'], config);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`rebuilt ${allProjectors().map((p) => p.name).join(', ')}:`);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('stops on SIGTERM between batches: exit 130, the live tables as they were, nothing left behind', async () => {
    const before = await snapshot();
    const sql = Sql.of(ledger.app.get<DataSource>(READ_STORE));
    const shadows = async () => (await tableNames(sql)).filter((name) => /__r[0-9a-f]{6}$/.test(name));
    const others = new Set(process.listeners('SIGTERM'));
    const run = ledgerCli(['rebuild', '--batch-size', '3', '--single-thread'], config);
    // Once its fresh tables exist, a service manager (or kill) sends SIGTERM.
    for (let waited = 0; (await shadows()).length === 0; waited += 5) {
      if (waited > 20_000) throw new Error('the rebuild never started');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Delivered to the command's own handler only (the test service in this process has shutdown hooks of its own).
    const handlers = process.listeners('SIGTERM').filter((listener) => !others.has(listener));
    expect(handlers).toHaveLength(1);
    handlers[0]('SIGTERM');
    const stopped = await run;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('SIGTERM: stopping after the current batch');
    expect(stopped.stderr).toMatch(/ledger rebuild: stopped by SIGTERM/);
    expect(await shadows()).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(process.listeners('SIGTERM').filter((listener) => !others.has(listener))).toEqual([]);
  }, 60_000);

  it('sweeps at start what a rebuild killed outright left (its lock died with it)', async () => {
    const sql = () => Sql.of(ledger.app.get<DataSource>(READ_STORE));
    await sql().run(`CREATE TABLE "grey_list__rdead00" AS SELECT * FROM grey_list WHERE 1 = 0`);
    const scratch = config.readStore === 'sqlite' ? join(config.dataDir, 'read-model.sqlite.rebuild-dead00-0') : undefined;
    if (scratch) writeFileSync(scratch, 'scratch');
    ledger = await ledger.restart('2026-11-22', { runProcessManagers: false });
    expect((await tableNames(sql())).filter((name) => name.startsWith('grey_list'))).toEqual(['grey_list', 'grey_list_regions', 'grey_list_sources']);
    if (scratch) expect(existsSync(scratch)).toBe(false);
  }, 60_000);

  it('refuses a projection it does not know, naming the ones it does', async () => {
    const run = await ledgerCli(['rebuild', '--projection', 'blacklist'], config);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no projection blacklist; projections: rectification-deadlines, log-instants, subject-streams, archive');
  });
});
