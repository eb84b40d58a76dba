import { join } from 'node:path';
import { getSQLiteEventStore, readMessagesBatch, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import sqlite3 from 'sqlite3';
import type { PlannedAppend } from '../lib/workload';
import { SerialQueue, StoreUnderTest, SubjectFactory, synchronousName } from './subject';

export const EMMETT_VERSION = '0.38.5';

/** Failures of Emmett's un-awaited `PRAGMA journal_mode = WAL` (see `guardEmmettWalPragma`). */
export const emmettWalPragmaFailures = { count: 0 };

/**
 * emmett-sqlite opens a connection per call and runs `db.run("PRAGMA journal_mode = WAL;")`
 * with no callback, then issues its next statement at once. The driver runs both in parallel;
 * when the next one starts first, the PRAGMA fails ("cannot change into wal mode from within a
 * transaction") and, having no callback, becomes an unhandled 'error' event that ends the
 * process. The file is in WAL mode already, so that failure is harmless: this gives exactly that
 * call a callback that counts it. Nothing else Emmett does is changed; the bench's own stores
 * never run that statement through `Database#run`.
 */
function guardEmmettWalPragma(): void {
  const proto = sqlite3.Database.prototype as unknown as { run: (...args: unknown[]) => unknown; __walGuard?: boolean };
  if (proto.__walGuard) return;
  const original = proto.run;
  proto.run = function guardedRun(this: unknown, ...args: unknown[]) {
    if (args.length === 1 && typeof args[0] === 'string' && /^\s*PRAGMA journal_mode\s*=\s*WAL;?\s*$/i.test(args[0])) {
      return original.call(this, args[0], (error: Error | null) => {
        if (error) emmettWalPragmaFailures.count += 1;
      });
    }
    return original.apply(this, args);
  };
  proto.__walGuard = true;
}
guardEmmettWalPragma();

/**
 * Emmett's SQLite event store (`@event-driven-io/emmett-sqlite@0.38.5`), used as its docs show:
 * `getSQLiteEventStore({ fileName })` (schema auto-created on first use) and
 * `appendToStream(streamName, events, { expectedStreamVersion })`.
 *
 * What it does per call, read from its source: opens a new `sqlite3.Database` on the file,
 * runs `PRAGMA journal_mode = WAL` (and no other PRAGMA, so `synchronous` stays at the
 * compiled default FULL), `BEGIN IMMEDIATE`, upserts the stream row, inserts the messages
 * with one multi-row INSERT ... RETURNING, COMMIT, and closes the connection.
 *
 * Concurrency: the store keeps one shared connection variable that each call closes when it
 * finishes, and a transaction-nesting counter on it, so concurrent calls on one store fail
 * (SQLITE_BUSY, "cannot commit transaction - SQL statements in progress", closed database);
 * one store per writer fails too (its connections have no busy handler beyond the driver's
 * 1 s). The bench therefore drives Emmett's 16 writers through one FIFO queue — what an
 * application must do to use it from concurrent requests.
 *
 * Even sequentially, an append now and then fails with "SQLITE_BUSY: cannot commit transaction -
 * SQL statements in progress": the stream row is upserted with `INSERT/UPDATE ... RETURNING`
 * through `db.get`, whose statement is finalised asynchronously and can still be open when
 * COMMIT runs (the driver is not in serialised mode). The transaction is rolled back, so the
 * bench retries that append (the time counts) and reports how often it happened.
 */
export function emmettSubject(): SubjectFactory {
  return {
    id: 'emmett',
    label: `Emmett SQLite event store ${EMMETT_VERSION}`,
    kind: 'peer',
    async open(dir: string): Promise<StoreUnderTest> {
      const fileName = join(dir, 'emmett.sqlite');
      const eventStore = getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
      const queue = new SerialQueue();
      const counters = { retried_appends: 0 };
      const pragmaFailuresAtOpen = emmettWalPragmaFailures.count;
      // Emmett console.logs every failed transaction; the bench writes its own output.
      const log = console.log;
      console.log = () => undefined;
      return {
        counters: () => ({ ...counters, failed_wal_pragmas: emmettWalPragmaFailures.count - pragmaFailuresAtOpen }),
        async settings() {
          // One append through Emmett first (it creates the file, its schema and sets WAL), then
          // the same connection setup Emmett performs on every call.
          const probeStream = `settings-probe-${Date.now()}`;
          await queue.run(() => eventStore.appendToStream(probeStream, [{ type: 'Probe', data: {} }]));
          const connection = sqliteConnection({ fileName });
          try {
            // Its WAL PRAGMA runs unawaited, in parallel with what comes next: read until it has run.
            let journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
            for (let i = 0; i < 50 && journal?.journal_mode !== 'wal'; i += 1) {
              await new Promise((resolve) => setTimeout(resolve, 10));
              journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
            }
            const sync = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
            return {
              journal_mode: journal?.journal_mode,
              synchronous: synchronousName(sync?.synchronous),
              connections: 'a new connection opened and closed for every call (WAL set on open)',
              concurrent_writers: 'serialised by the bench (one FIFO queue): concurrent calls fail in emmett-sqlite 0.38.5',
            };
          } finally {
            connection.close();
          }
        },
        append(a: PlannedAppend) {
          const events = a.events.map((event) => ({
            type: event.type,
            data: event.data,
            metadata: { actor: a.actor, commandId: a.commandId, correlationId: a.commandId, causationId: a.commandId },
          }));
          return queue.run(async () => {
            for (let attempt = 1; ; attempt += 1) {
              try {
                await eventStore.appendToStream(a.streamId, events, { expectedStreamVersion: BigInt(a.expectedRevision + 1) });
                return;
              } catch (error) {
                if (attempt >= 5 || !String((error as Error)?.message).includes('SQL statements in progress')) throw error;
                counters.retried_appends += 1;
              }
            }
          });
        },
        readStream(streamId: string) {
          return queue.run(async () => (await eventStore.readStream(streamId)).events.length);
        },
        readAll(pageSize: number) {
          return queue.run(async () => {
            const connection = sqliteConnection({ fileName });
            try {
              let after = 0n;
              let count = 0;
              for (;;) {
                const batch = await readMessagesBatch(connection, { after, batchSize: pageSize });
                count += batch.messages.length;
                if (!batch.areEventsLeft || batch.messages.length === 0) return count;
                after = batch.currentGlobalPosition;
              }
            } finally {
              connection.close();
            }
          });
        },
        async close() {
          await queue.run(async () => undefined);
          console.log = log;
        },
      };
    },
  };
}

/**
 * A short probe of Emmett without the bench's queue: 16 writers, `appendsPerWriter` single-event
 * appends each, on one store. Counts what fails. Emmett logs each failure with console.log; the
 * probe silences that while it runs.
 */
export async function probeUnqueuedEmmett(
  dir: string,
  plan: PlannedAppend[][],
): Promise<{ attempted: number; succeeded: number; failed: number; errors: Record<string, number>; ms: number }> {
  const eventStore = getSQLiteEventStore({ fileName: join(dir, 'emmett-probe.sqlite') });
  const errors: Record<string, number> = {};
  let succeeded = 0;
  let failed = 0;
  const log = console.log;
  console.log = () => undefined;
  const started = Date.now();
  try {
    await Promise.all(
      plan.map(async (queue) => {
        for (const a of queue) {
          try {
            await eventStore.appendToStream(a.streamId, a.events, { expectedStreamVersion: BigInt(a.expectedRevision + 1) });
            succeeded += 1;
          } catch (error) {
            failed += 1;
            const message = String((error as Error)?.message ?? error).replace(/\d+/g, 'N').slice(0, 80);
            errors[message] = (errors[message] ?? 0) + 1;
          }
        }
      }),
    );
  } finally {
    console.log = log;
  }
  return { attempted: succeeded + failed, succeeded, failed, errors, ms: Date.now() - started };
}
