import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LedgerConfig, ManualClock, Role, TokenService } from '@app/application';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { createLedgerApp } from '../../apps/ledger/src/ledger-app';

export const TEST_SECRET = 'e2e-secret-0123456789abcdef';

/** The real service on a temp data dir (SQLite event and read stores), listening on a free port. */
export class TestLedger {
  readonly tokens = new TokenService(TEST_SECRET);
  private closed = false;

  private constructor(
    readonly app: INestApplication,
    readonly dataDir: string,
    /** The service's clock: `ledger.clock.setToday('2027-01-05')` moves "today". */
    readonly clock: ManualClock,
    private readonly pgSchema?: string,
  ) {}

  /**
   * With DATABASE_URL set (CI sets it), the read store is PostgreSQL, in a schema of this
   * test's own that is dropped at the end; otherwise SQLite in the temp dir.
   */
  static async start(overrides: Partial<LedgerConfig> = {}, today = '2026-11-22'): Promise<TestLedger> {
    const clock = new ManualClock(`${today}T10:00:00+08:00`);
    const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
    const databaseUrl = process.env.DATABASE_URL;
    const readStore: Partial<LedgerConfig> = databaseUrl
      ? { readStore: 'postgres', databaseUrl, databaseSchema: overrides.databaseSchema ?? `e2e_${randomBytes(6).toString('hex')}` }
      : {};
    const app = await createLedgerApp(
      { dataDir, jwtSecret: TEST_SECRET, sqliteSynchronous: 'NORMAL', ...readStore, ...overrides },
      { ...(process.env.LEDGER_TEST_LOGS ? {} : { logger: false as const }), clock },
    );
    await app.listen(0, '127.0.0.1');
    return new TestLedger(app, dataDir, clock, readStore.databaseSchema);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  get store(): EventStore {
    return this.app.get(EVENT_STORE);
  }

  token(role: Role, sub = `test-${role}`, uscc?: string): string {
    return this.tokens.issue({ sub, role, uscc });
  }

  auth(role: Role, uscc?: string): { Authorization: string } {
    return { Authorization: `Bearer ${this.token(role, `test-${role}`, uscc)}` };
  }

  eventCount(): Promise<number> {
    return this.store.headPosition();
  }

  /** Stops this instance and starts another on the same event and read stores, with "today" set anew. */
  async restart(today: string, overrides: Partial<LedgerConfig> = {}): Promise<TestLedger> {
    await this.stop({ keepData: true });
    return TestLedger.start({ dataDir: this.dataDir, ...(this.pgSchema && { databaseSchema: this.pgSchema }), ...overrides }, today);
  }

  /**
   * Another instance on the same event and read stores (and read schema), this one still running:
   * a second replica. Stop it with `stop({ keepData: true })`; the first cleans up.
   */
  beside(overrides: Partial<LedgerConfig> = {}, today = '2026-11-22'): Promise<TestLedger> {
    return TestLedger.start({ dataDir: this.dataDir, ...(this.pgSchema && { databaseSchema: this.pgSchema }), ...overrides }, today);
  }

  /** Stops the service; `keepData` leaves the data dir (and read schema) for a restart or another replica. */
  async stop({ keepData = false } = {}): Promise<void> {
    // Once stopped with keepData, a second stop only removes the data.
    if (!this.closed) await this.app.close();
    this.closed = true;
    if (keepData) return;
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.pgSchema) {
      const client = new Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${this.pgSchema}" CASCADE`);
      await client.end();
    }
  }
}
