import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyLog } from '../ledger/log-verifier';
import { SqliteEventStore } from './sqlite-event-store';

const CHILD = resolve(__dirname, '../testing/crash-append.child.ts');

/**
 * Runs the child until the store has started writing batch `round` (0-based), waits `delayMs`
 * and kills it. A 10,000-event write takes a few hundred milliseconds here, so the kill lands
 * inside the transaction or, for the largest delay, possibly just after its commit.
 */
function killDuringAppend(filename: string, round: number, delayMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD, filename], {
      env: { ...process.env, TS_NODE_PROJECT: resolve(__dirname, '../../../../tsconfig.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`-${round}\n`)) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolvePromise() : reject(new Error(`child ended without being killed: ${output}`)),
    );
  });
}

describe('embedded store: a batch is all-or-nothing when the process is killed mid-append', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [1, 0],
    [1, 60],
    [2, 150],
  ])('killed while writing batch %i, %i ms in: every stream has 0 or 10,000 events and the log verifies', async (round, delayMs) => {
    const filename = join(dir, 'events.sqlite');
    await killDuringAppend(filename, round, delayMs);
    const store = await SqliteEventStore.open({ filename });
    try {
      const head = await store.headPosition();
      expect(head % 10_000).toBe(0);
      expect(head).toBeGreaterThanOrEqual(10_000 * round);
      expect(head).toBeLessThanOrEqual(10_000 * (round + 1));
      const report = await verifyLog(store);
      expect(report).toMatchObject({ ok: true, checkedEvents: head });
      // The store is usable after the crash: the next append lands right after the head.
      const next = await store.append('after-crash', [{ id: 'after', type: 'X', data: {}, metadata: {} }], 'no_stream');
      expect(next.positions).toEqual([head + 1]);
    } finally {
      await store.close();
    }
  });
});
