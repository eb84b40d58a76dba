import { LEDGER_CONFIG, LedgerConfig, READ_STORE } from '@app/application';
import { Sql } from '@app/read-model';
import type { DataSource } from 'typeorm';
import { RebuildCommand } from '../apps/cli/src/commands/rebuild.command';
import { runCli } from './support/cli';
import { CommandDriver, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';
import { until } from './support/polling';

const U = uscc('11370100MB2853101');

interface Health {
  status: string;
  headPosition: number;
  projectors: Array<{ name: string; position: number; failed?: { position: number; eventType: string; message: string } }>;
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

describe('a projector that fails, through /health and `ledger rebuild`', () => {
  let ledger: TestLedger;
  afterEach(async () => {
    await ledger.stop();
  });

  it('shows it stopped at the failing event (degraded) while the others go on, and runs it again after a rebuild, without a restart', async () => {
    ledger = await TestLedger.start({}, '2026-01-05');
    const api = new CommandDriver(ledger);
    const health = async () => (await ledger.http.get('/health').expect(200)).body as Health;
    await api.registerInstitution(U, '济南高新区管委会', '370100');
    const recordId = await api.record(U, '2025-12-01');
    await api.order(recordId, '2025-12-10', '2025-12-31');
    await until('the projectors to catch up', health, (h) => h.status === 'ok' && h.projectors.every((p) => p.position === h.headPosition));

    const sql = Sql.of(ledger.app.get<DataSource>(READ_STORE));
    const allowInserts = await refuseInserts(sql, 'award_bans');
    const swept = await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200);
    const [ban] = (await ledger.store.readStream(`record-${recordId}`)).filter((e) => e.type === 'AwardBanImposed');

    const degraded = await until('the failure to show', health, (h) => h.projectors.some((p) => p.failed));
    expect(degraded.status).toBe('degraded');
    const failed = degraded.projectors.find((p) => p.failed)!;
    // /health is public: without a token of the roles that run the ledger, where and what failed, not the driver's words.
    expect(failed).toEqual({ name: 'award-bans', position: expect.any(Number), failed: { position: ban.position, eventType: 'AwardBanImposed' } });
    for (const role of ['subject', 'approver', 'registrar'] as const) {
      const other = (await ledger.http.get('/health').set(ledger.auth(role, U)).expect(200)).body as Health;
      expect([role, other.projectors.find((p) => p.name === 'award-bans')?.failed]).toEqual([role, { position: ban.position, eventType: 'AwardBanImposed' }]);
    }
    for (const role of ['credit-office', 'supervisor', 'auditor'] as const) {
      const detailed = (await ledger.http.get('/health').set(ledger.auth(role)).expect(200)).body as Health;
      expect([role, detailed.projectors.find((p) => p.name === 'award-bans')?.failed]).toEqual([
        role,
        { position: ban.position, eventType: 'AwardBanImposed', message: expect.stringContaining('the disk said no') },
      ]);
    }
    expect(failed.position).toBeLessThan(ban.position);
    // The others have the whole log: the institution is on the dishonest list.
    await until('the other projectors', health, (h) => h.projectors.filter((p) => p.name !== 'award-bans').every((p) => p.position === h.headPosition));
    const listed = await ledger.http.get('/v1/lists/dishonest-institutions').set(ledger.auth('supervisor')).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ uscc: U, recordId })]);
    expect(Number(swept.position)).toBeGreaterThanOrEqual(ban.position);
    // The deadline watcher reads only its own worklist: the failed projector does not stop lapses.
    const other = uscc('11370100MB2853103');
    await api.registerInstitution(other, '某镇人民政府', '370100');
    const second = await api.record(other, '2025-12-01');
    await api.order(second, '2025-12-10', '2025-12-31');
    // (A sweep that waited for the failed projector would never answer: it waits for its worklist's projector only.)
    expect(await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200)).toMatchObject({ lapsed: 1 });

    // The cause is gone; the operator rebuilds that projection beside the running service.
    await allowInserts();
    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    const run = await runCli(['rebuild', '--projection', 'award-bans'], config, { providers: [RebuildCommand] });
    expect(run).toMatchObject({ code: 0 });
    const healthy = await until('the projector to run again', health, (h) => h.status === 'ok');
    expect(healthy.projectors.find((p) => p.name === 'award-bans')).toEqual({ name: 'award-bans', position: healthy.headPosition });
    const bans = await ledger.http.get('/v1/lists/award-bans').set(ledger.auth('supervisor')).expect(200);
    expect(bans.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ banId: ban.data.banId, status: 'ACTIVE' })]));
    expect(bans.body.total).toBe(2);

    // And it follows the log live again.
    await api.registerInstitution(uscc('11370100MB2853102'), '某街道办事处', '370100');
    const after = await until('the new event', health, (h) => h.projectors.every((p) => p.position === h.headPosition));
    expect(after.status).toBe('ok');
  }, 60_000);
});
