import { randomUUID } from 'node:crypto';
import { LEDGER_CONFIG, LedgerConfig, READ_STORE } from '@app/application';
import { EventLedger } from '@app/event-store';
import { readSideProjectors, Sql } from '@app/read-model';
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

describe('ledger rebuild', () => {
  let ledger: TestLedger;
  let config: LedgerConfig;
  const TABLES = readSideProjectors().flatMap((p) => [...(p.tables ?? [])]);
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
    expect(run.stdout).toContain(`rebuilt ${readSideProjectors().map((p) => p.name).join(', ')}:`);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('refuses a projection it does not know, naming the ones it does', async () => {
    const run = await ledgerCli(['rebuild', '--projection', 'blacklist'], config);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no projection blacklist; projections: log-instants, subject-streams, archive');
  });
});
