import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'apps/cli/src/main.ts');

/** `ledger <args>` as a process of its own (apps/cli/src/main.ts, as `npm run ledger` runs it built), on an empty data dir. */
function ledger(args: string[], dataDir: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), LEDGER_DATA_DIR: dataDir, LEDGER_READ_STORE: 'sqlite', LEDGER_EVENT_STORE: 'sqlite' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr };
}

/**
 * Scripts and service managers go by `ledger`'s exit status: a command that fails says why on
 * stderr and exits non-zero (1; 2 for a usage error), never 0 after printing an error.
 */
describe('ledger: the exit status of a command that fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-status-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuild without an event log in the data dir: 1, the reason, and no store made there', () => {
    const run = ledger(['rebuild'], dir);
    expect(run.stderr).toContain(`ledger: there is no event log at ${join(dir, 'events.sqlite')} (set LEDGER_DATA_DIR to the service's data dir)`);
    expect(run.status).toBe(1);
    // Nor the token secret: only `ledger token` reads (or first makes) it.
    expect(readdirSync(dir)).toEqual([]);
  }, 90_000);

  it('rebuild of a projection that does not exist: 2 (usage), naming the projections there are', () => {
    const run = ledger(['rebuild', '--projection', 'no-such-list'], dir);
    expect(run.stderr).toContain('ledger rebuild: no projection no-such-list; projections: ');
    expect(run.status).toBe(2);
  }, 90_000);

  it('a bad option is a usage error, 2, on every command: an unknown one, a missing value, a value out of range', () => {
    // 1 is what `verify` says of a log that does not check out: a typo must not read as that.
    expect(ledger(['verify', '--no-such-option'], dir).status).toBe(2);
    const expiry = ledger(['token', '--role', 'auditor', '--sub', 'a', '--expires-in', '999999d'], dir);
    expect(expiry.stderr).toContain('--expires-in must be at least 1s and at most 366d');
    expect(expiry.status).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  }, 90_000);
});
