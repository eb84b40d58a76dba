import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WorkingDayCalendar } from '@app/domain';
import { ConfigurationError, loadLedgerConfig } from './ledger-config';

describe('loadLedgerConfig', () => {
  it('defaults to the embedded stores under ./data on port 3000 with the national profile', () => {
    expect(loadLedgerConfig({})).toMatchObject({
      port: 3000,
      dataDir: resolve('./data'),
      eventStore: 'sqlite',
      readStore: 'sqlite',
      policyProfile: 'national',
      publishOfficials: false,
      sqliteSynchronous: 'FULL',
      jwtSecret: undefined,
      idempotencyTtlHours: 24,
    });
  });

  it('keeps Idempotency-Key answers for LEDGER_IDEMPOTENCY_TTL_HOURS, a whole number of hours', () => {
    expect(loadLedgerConfig({ LEDGER_IDEMPOTENCY_TTL_HOURS: '72' }).idempotencyTtlHours).toBe(72);
    for (const bad of ['0', '-1', '1.5', 'day']) {
      expect(() => loadLedgerConfig({ LEDGER_IDEMPOTENCY_TTL_HOURS: bad })).toThrow(`LEDGER_IDEMPOTENCY_TTL_HOURS must be a whole number of hours, at least 1 (got "${bad}")`);
    }
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        loadLedgerConfig({ PORT: 'x', LEDGER_EVENT_STORE: 'esdb', LEDGER_READ_STORE: 'mongo', LEDGER_PUBLISH_OFFICIALS: 'yes' });
      } catch (e) {
        return e;
      }
    })() as ConfigurationError;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.problems).toEqual([
      'PORT must be a TCP port (got "x")',
      'LEDGER_READ_STORE must be one of sqlite, postgres (got "mongo")',
      'ESDB_CONNECTION_STRING is required when LEDGER_EVENT_STORE=esdb',
      'LEDGER_PUBLISH_OFFICIALS must be true or false (got "yes")',
    ]);
  });

  it('requires DATABASE_URL for the postgres read store and reads the rest', () => {
    expect(() => loadLedgerConfig({ LEDGER_READ_STORE: 'postgres' })).toThrow(/DATABASE_URL is required/);
    expect(
      loadLedgerConfig({
        LEDGER_READ_STORE: 'postgres',
        DATABASE_URL: 'postgres://u@h/db',
        LEDGER_POLICY_PROFILE: 'jinan-hitech',
        LEDGER_PUBLISH_OFFICIALS: 'true',
        LEDGER_JWT_SECRET: 's'.repeat(32),
      }),
    ).toMatchObject({ readStore: 'postgres', databaseUrl: 'postgres://u@h/db', policyProfile: 'jinan-hitech', publishOfficials: true, jwtSecret: 's'.repeat(32) });
  });

  it('takes LEDGER_DATABASE_SCHEMA only as a lower-case PostgreSQL name (search_path would fold another to a schema the migrations did not make)', () => {
    const base = { LEDGER_READ_STORE: 'postgres', DATABASE_URL: 'postgres://u@h/db' };
    expect(loadLedgerConfig({ ...base, LEDGER_DATABASE_SCHEMA: 'ledger_2026' }).databaseSchema).toBe('ledger_2026');
    expect(loadLedgerConfig({ ...base, LEDGER_DATABASE_SCHEMA: '_a' }).databaseSchema).toBe('_a');
    expect(loadLedgerConfig({ ...base, LEDGER_DATABASE_SCHEMA: 'a'.repeat(63) }).databaseSchema).toBe('a'.repeat(63));
    for (const bad of ['Ledger', 'ledger-prod', '2026ledger', 'a b', 'a'.repeat(64), 'ledger;drop']) {
      expect(() => loadLedgerConfig({ ...base, LEDGER_DATABASE_SCHEMA: bad })).toThrow(
        `LEDGER_DATABASE_SCHEMA must be a lower-case PostgreSQL name: a-z, 0-9 and _, not starting with a digit, at most 63 characters (got "${bad}")`,
      );
    }
  });

  describe('LEDGER_CALENDAR_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-config-calendar-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };

    it('counts in the shipped years without it', () => {
      const config = loadLedgerConfig({});
      expect(config.calendar).toBe(WorkingDayCalendar.shipped());
      expect(config.calendarFile).toBeUndefined();
    });

    it('adds the years of the file (a test year here, not the State Council notice)', () => {
      const file = write('ok.json', JSON.stringify({ '2027': { notice: 'test fixture', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], makeUpWorkingDays: [] } }));
      const config = loadLedgerConfig({ LEDGER_CALENDAR_FILE: file });
      expect(config.calendarFile).toBe(file);
      expect(config.calendar.years()).toEqual([2024, 2025, 2026, 2027]);
      expect(config.calendar.isWorkingDay('2027-01-01')).toEqual({ working: false, calendarKnown: true });
    });

    it('refuses a file it cannot read, that is not JSON, or whose data is wrong, with the other problems', () => {
      const problems = (env: Record<string, string>) => {
        try {
          loadLedgerConfig(env);
        } catch (e) {
          return (e as ConfigurationError).problems;
        }
        throw new Error('accepted');
      };
      expect(problems({ LEDGER_CALENDAR_FILE: join(dir, 'none.json') })).toEqual([`LEDGER_CALENDAR_FILE: cannot read ${join(dir, 'none.json')} (ENOENT)`]);
      expect(problems({ LEDGER_CALENDAR_FILE: write('text.json', '2027: soon') })[0]).toMatch(/^LEDGER_CALENDAR_FILE: .*text\.json is not JSON \(/);
      expect(problems({ PORT: 'x', LEDGER_CALENDAR_FILE: write('bad.json', JSON.stringify({ '2027': { notice: 'n', holidays: [], makeUpWorkingDays: ['2027-01-04'] } })) })).toEqual([
        'PORT must be a TCP port (got "x")',
        'LEDGER_CALENDAR_FILE 2027.makeUpWorkingDays[0]: 2027-01-04 is a weekday; make-up working days (调休上班) are Saturdays or Sundays',
      ]);
    });
  });
});
