import { join } from 'node:path';
import { EventLedger, SqliteEventStore } from '@app/event-store';
import type { PlannedAppend } from '../lib/workload';
import { StoreUnderTest, SubjectFactory, Synchronous, synchronousName } from './subject';

/** A deterministic clock: 1 ms per call from a fixed instant, so every run stores the same bytes. */
export class StepClock {
  private t = Date.UTC(2025, 0, 1);
  now(): Date {
    this.t += 1;
    return new Date(this.t);
  }
}

interface SqliteDbLike {
  get(sql: string, callback: (error: Error | null, row: Record<string, unknown>) => void): void;
}

/** Reads a PRAGMA through the store's own writer connection (synchronous is per connection). */
function pragma(store: SqliteEventStore, name: string): Promise<unknown> {
  const writer = (store as unknown as { writer?: SqliteDbLike }).writer;
  if (!writer || typeof writer.get !== 'function') return Promise.resolve(undefined);
  return new Promise((resolve) =>
    writer.get(`PRAGMA ${name}`, (error, row) => resolve(error ? undefined : Object.values(row ?? {})[0])),
  );
}

/**
 * This ledger as the product uses it: `EventLedger` (metadata, deterministic ids, SHA-256 hash
 * chain over canonical JSON, rolling log digest) over the embedded `SqliteEventStore`.
 */
export function oursSubject(synchronous: Synchronous, id = 'ours'): SubjectFactory {
  return {
    id,
    label: `this ledger (EventLedger + SqliteEventStore, synchronous=${synchronous})`,
    kind: 'ours',
    async open(dir: string): Promise<StoreUnderTest> {
      const store = await SqliteEventStore.open({
        filename: join(dir, 'events.sqlite'),
        synchronous: synchronous as 'OFF' | 'NORMAL' | 'FULL',
      });
      const ledger = new EventLedger(store, new StepClock());
      return {
        async settings() {
          return {
            journal_mode: await pragma(store, 'journal_mode'),
            synchronous: synchronousName(await pragma(store, 'synchronous')),
            temp_store: ['DEFAULT', 'FILE', 'MEMORY'][Number(await pragma(store, 'temp_store'))] ?? 'unknown',
            configured: { synchronous },
            connections:
              'one writer (BEGIN IMMEDIATE; appends that queue up while it is busy share one commit, a savepoint each) + one reader',
            work_per_append: 'metadata, deterministic event ids, SHA-256 chain over RFC 8785 JSON, rolling log digest',
          };
        },
        async append(a: PlannedAppend) {
          await ledger.append(a.streamId, a.events, a.expectedRevision < 0 ? 'no_stream' : a.expectedRevision, {
            commandId: a.commandId,
            actor: a.actor,
          });
        },
        async readStream(streamId: string) {
          return (await ledger.readStream(streamId)).length;
        },
        async readAll(pageSize: number) {
          let position = 0;
          let count = 0;
          for (;;) {
            const page = await store.readAll({ fromPosition: position, limit: pageSize });
            if (page.length === 0) return count;
            count += page.length;
            position = page[page.length - 1].position;
          }
        },
        close: () => store.close(),
      };
    },
  };
}
