import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StoredLogPage } from '../event-store.port';
import { SEAL, sealPage } from './log-page-seal';
import type { SealRequest, SealResponse } from './log-seal.worker';

/** Worker threads a verification seals pages on by default: the cores beside the main thread, at most 3. */
export function defaultSealWorkers(): number {
  return Math.max(1, Math.min(3, availableParallelism() - 1));
}

interface Waiting {
  page: StoredLogPage;
  resolve: (seals: Int32Array) => void;
}

/**
 * Worker threads that seal log pages (log-page-seal.ts) while the verifier walks the chains on
 * the main thread. Pages go to the workers in turn; each is copied, not transferred, so a page
 * whose worker fails is sealed on the main thread instead and the verdict never depends on the
 * workers running. Close it when done: the workers are not unref'd while pages are out.
 */
export class LogSealPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private turn = 0;
  private failed = false;
  private closed = false;
  /** Pages the workers sealed and pages sealed on the main thread after a failure (for tests). */
  readonly sealed = { byWorkers: 0, inThread: 0 };

  constructor(size: number) {
    // Compiled, the worker is the .js beside this file; run from the TypeScript sources (tests),
    // it is the .ts, loaded through ts-node.
    const ext = extname(__filename);
    const script = join(__dirname, `log-seal.worker${ext}`);
    const execArgv = ext === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [];
    for (let i = 0; i < size; i += 1) {
      let worker: Worker;
      try {
        worker = new Worker(script, { execArgv });
      } catch {
        // No worker (no threads left, say): what was started still seals; with none, this thread does.
        break;
      }
      worker.on('message', (response: SealResponse) => this.settle(response));
      worker.on('error', () => this.fail());
      worker.on('exit', (code) => {
        if (code !== 0) this.fail();
      });
      this.workers.push(worker);
    }
  }

  /** The page's seals (`SEAL.width` entries per row). */
  seal(page: StoredLogPage): Promise<Int32Array> {
    if (this.closed) return Promise.reject(new Error('the seal pool is closed'));
    if (this.failed || this.workers.length === 0) return Promise.resolve(this.sealInThread(page));
    const id = (this.nextId += 1);
    return new Promise<Int32Array>((resolve) => {
      this.waiting.set(id, { page, resolve });
      const request: SealRequest = { id, bytes: page.bytes, bounds: page.bounds, count: page.count };
      try {
        this.workers[this.turn++ % this.workers.length].postMessage(request);
      } catch {
        this.fail();
      }
    });
  }

  /**
   * Stops the workers. Pages still out are dropped, not sealed here: the caller closes the pool
   * once it has its verdict, and nothing awaits them any more.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.clear();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private settle(response: SealResponse): void {
    const waiting = this.waiting.get(response.id);
    if (!waiting) return;
    this.waiting.delete(response.id);
    if (response.seals && response.seals.length === waiting.page.count * SEAL.width) {
      this.sealed.byWorkers += 1;
      waiting.resolve(response.seals);
    } else {
      waiting.resolve(this.sealInThread(waiting.page));
    }
  }

  /** A worker failed: every page still out, and every page from now on, is sealed here. */
  private fail(): void {
    if (this.closed) return;
    this.failed = true;
    const out = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiting of out) waiting.resolve(this.sealInThread(waiting.page));
  }

  private sealInThread(page: StoredLogPage): Int32Array {
    this.sealed.inThread += 1;
    return sealPage(page);
  }
}
