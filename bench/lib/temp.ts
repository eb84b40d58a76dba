import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary folder per run under os.tmpdir(); every benchmark gets fresh sub-folders in it.
 * Removed at the end of the run, and on Ctrl-C / kill / an uncaught error.
 */
export class TempSpace {
  readonly root: string;
  private counter = 0;
  private removed = false;

  constructor(prefix = 'ledger-bench-') {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    const cleanupAndExit = (signal: NodeJS.Signals): void => {
      this.remove();
      process.kill(process.pid, signal);
    };
    process.once('SIGINT', cleanupAndExit);
    process.once('SIGTERM', cleanupAndExit);
    process.once('exit', () => this.remove());
  }

  /** A new, empty folder for one store. */
  dir(label: string): string {
    this.counter += 1;
    return mkdtempSync(join(this.root, `${String(this.counter).padStart(3, '0')}-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  }

  /** Frees disk space early (a finished scenario's databases). */
  discard(path: string): void {
    rmSync(path, { recursive: true, force: true });
  }

  remove(): void {
    if (this.removed) return;
    this.removed = true;
    rmSync(this.root, { recursive: true, force: true });
  }
}
