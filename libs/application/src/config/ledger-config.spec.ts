import { resolve } from 'node:path';
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
});
