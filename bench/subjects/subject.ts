import type { PlannedAppend } from '../lib/workload';

export type Synchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

/** What a store must offer to be measured side by side. */
export interface StoreUnderTest {
  /** Durability and connection settings actually in effect (read back from SQLite where possible). */
  settings(): Promise<Record<string, unknown>>;
  /** One planned append, atomically, at the plan's expected revision. Safe to call concurrently. */
  append(append: PlannedAppend): Promise<void>;
  /** Reads a whole stream; resolves with the number of events read. */
  readStream(streamId: string): Promise<number>;
  /** Reads the whole global log in pages; resolves with the number of events read. */
  readAll(pageSize: number): Promise<number>;
  close(): Promise<void>;
  /** Counters worth reporting (retries, errors), read after a measured run. */
  counters?(): Record<string, number>;
  /** Untimed preparation of a plan before it is appended (the ceiling precomputes its rows here). */
  prime?(plan: PlannedAppend[]): void;
}

export interface SubjectFactory {
  id: string;
  label: string;
  kind: 'ours' | 'peer' | 'ceiling';
  open(dir: string): Promise<StoreUnderTest>;
}

/** A FIFO mutex: the stores without a safe concurrent path are driven through one of these. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** SQLite's `PRAGMA synchronous` number as its name. */
export function synchronousName(value: unknown): string {
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(value)] ?? String(value);
}
