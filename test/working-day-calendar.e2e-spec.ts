import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarReport, ConfigurationError, LEDGER_CONFIG, LedgerConfig, LedgerConfigModule, READ_STORE } from '@app/application';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { RebuildCommand } from '../apps/cli/src/commands/rebuild.command';
import { runCli } from './support/cli';
import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { until } from './support/polling';
import { TestLedger } from './support/test-app';

/**
 * A deployment adds a year's holidays with LEDGER_CALENDAR_FILE the day the State Council's notice
 * comes out (README, "Using the API": working days). The 2027 below is a test fixture, not the State Council's: the
 * real notice was not published when this was written, and no real calendar ships for 2027.
 */
const TEST_2027 = {
  '2027': {
    notice: 'test fixture: not the State Council notice',
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
    makeUpWorkingDays: [],
  },
};

describe('a deployment calendar file for a year the release does not ship', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-calendar-'));
  const file = join(dir, 'calendar.json');
  const U = uscc('11370100MB1234567');
  let ledger: TestLedger;
  let recordId: string;

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(TEST_2027));
    ledger = await TestLedger.start({ runProcessManagers: false }, '2026-12-28');
    const api = new CommandDriver(ledger);
    await api.registerInstitution(U);
    recordId = await api.record(U, '2026-12-21');
  }, 60_000);
  afterAll(async () => {
    await ledger.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const objections = async () => {
    const head = await ledger.store.headPosition();
    await ledger.http.get(`/health?consistentWith=${head}`).expect(200);
    const body = expectStatus(await ledger.http.get('/v1/queues/objections').set(ledger.auth('credit-office')), 200).body;
    return Object.fromEntries((body.items as Array<{ objectionId: string; dueOn: string; calendarKnown: boolean }>).map((i) => [i.objectionId, { dueOn: i.dueOn, calendarKnown: i.calendarKnown }]));
  };
  const report = (l: TestLedger) => {
    const config = l.app.get<LedgerConfig>(LEDGER_CONFIG);
    return calendarReport(config.calendar, '2026-12-28', config.calendarFile, l.app.get<DataSource>(READ_STORE));
  };

  it('without one, a deadline reaching into 2027 counts weekends only and says so', async () => {
    const api = new CommandDriver(ledger);
    await api.ok(`/v1/records/${recordId}/objections`, 'subject', { objectionId: 'before', filedOn: '2026-12-28', grounds: '已整改' }, 201, { uscc: U });
    // Mon 2026-12-28 + 7 working days, weekends only: Dec 29, 30, 31, Jan 1 (Fri), 4, 5, 6.
    expect(await objections()).toEqual({ before: { dueOn: '2027-01-06', calendarKnown: false } });
    const { info, warnings } = await report(ledger);
    expect(info).toEqual(['working-day calendar: 2024–2026 shipped', 'no calendar for 2027 yet: deadlines that reach into it count weekends only until its notice is added with LEDGER_CALENDAR_FILE']);
    expect(warnings).toEqual([]);
  });

  it('with one, new items count its holidays at once; the service names the items counted before, and a rebuild of the work queues recounts them', async () => {
    ledger = await ledger.restart('2026-12-28', { runProcessManagers: false, calendarFile: file });
    const api = new CommandDriver(ledger);
    await api.ok(`/v1/records/${recordId}/objections`, 'subject', { objectionId: 'after', filedOn: '2026-12-28', grounds: '已整改' }, 201, { uscc: U });
    // With 1–3 January a holiday: Dec 29, 30, 31, Jan 4, 5, 6, 7.
    expect(await objections()).toEqual({ before: { dueOn: '2027-01-06', calendarKnown: false }, after: { dueOn: '2027-01-07', calendarKnown: true } });
    const { info, warnings } = await report(ledger);
    expect(info).toEqual([`working-day calendar: 2024–2026 shipped; 2027 from ${file}`]);
    expect(warnings).toEqual([
      '1 open objection and check item(s) were counted without a calendar for their due year, which the calendar now has: run `ledger rebuild --projection work-queues` to recount their due dates',
    ]);

    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    const run = await runCli(['rebuild', '--projection', 'work-queues'], config, { providers: [RebuildCommand] });
    expect(run.code).toBe(0);
    expect(await until('the rebuilt queue', objections, (items) => items.before?.calendarKnown === true)).toEqual({
      before: { dueOn: '2027-01-07', calendarKnown: true },
      after: { dueOn: '2027-01-07', calendarKnown: true },
    });
    expect((await report(ledger)).warnings).toEqual([]);
  }, 60_000);

  it('the CLI reads the file from its own configuration, and hands its calendar to the rebuild worker threads as data', async () => {
    const { calendar: _calendar, ...config } = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    // Every projection, some on a worker thread (the work queues stay on the CLI's own).
    const run = await runCli(['rebuild'], { ...config, calendarFile: file }, { providers: [RebuildCommand] });
    expect(run).toMatchObject({ code: 0 });
    expect((await objections()).before).toEqual({ dueOn: '2027-01-07', calendarKnown: true });
  }, 60_000);

  it('refuses to start on a calendar file it cannot use, naming each problem', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ '2027': { notice: 'x', holidays: [{ name: '春节', from: '2027-02-20', to: '2027-02-14' }], makeUpWorkingDays: ['2027-02-10'] } }));
    // The configuration every process starts from (the service, apps/projector and the CLI import it).
    const start = (calendarFile: string) => Test.createTestingModule({ imports: [LedgerConfigModule.forRoot({ calendarFile })] }).compile();
    await expect(start(bad)).rejects.toThrow(ConfigurationError);
    await expect(start(bad)).rejects.toThrow(/2027\.holidays\[0\]: from 2027-02-20 is after to 2027-02-14[\s\S]*2027\.makeUpWorkingDays\[0\]: 2027-02-10 is a weekday/);
    await expect(start(join(dir, 'missing.json'))).rejects.toThrow(/LEDGER_CALENDAR_FILE: cannot read .*missing\.json \(ENOENT\)/);
  });
});
