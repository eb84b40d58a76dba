import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LedgerConfig, Role, TokenService } from '@app/application';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { createLedgerApp } from '../../apps/ledger/src/ledger-app';

export const TEST_SECRET = 'e2e-secret-0123456789abcdef';

/** The real service on a temp data dir (SQLite event and read stores), listening on a free port. */
export class TestLedger {
  readonly tokens = new TokenService(TEST_SECRET);

  private constructor(
    readonly app: INestApplication,
    readonly dataDir: string,
  ) {}

  static async start(overrides: Partial<LedgerConfig> = {}): Promise<TestLedger> {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
    const app = await createLedgerApp({ dataDir, jwtSecret: TEST_SECRET, sqliteSynchronous: 'NORMAL', ...overrides }, false);
    await app.listen(0, '127.0.0.1');
    return new TestLedger(app, dataDir);
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

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
