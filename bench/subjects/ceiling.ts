import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { computeEventHash, deterministicEventId, GENESIS_HASH, rollDigest } from '@app/event-store';
import type { PlannedAppend } from '../lib/workload';
import { StepClock } from './ours';
import { SerialQueue, StoreUnderTest, SubjectFactory, Synchronous, synchronousName } from './subject';

/** The table the embedded store writes, with the same indexes. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position   INTEGER PRIMARY KEY,
  stream_id  TEXT    NOT NULL,
  revision   INTEGER NOT NULL,
  event_id   TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  data       TEXT    NOT NULL,
  metadata   TEXT    NOT NULL,
  log_digest TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
`;
const INSERT_COLUMNS = 'stream_id, revision, event_id, type, data, metadata, log_digest';
const SELECT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, log_digest';
const ROWS_PER_STATEMENT = 50;

interface SealedRow {
  revision: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  logDigest: string;
}

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  log_digest: string | null;
}

const p = {
  run: (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
    new Promise<void>((resolve, reject) => db.run(sql, params, (e: Error | null) => (e ? reject(e) : resolve()))),
  exec: (db: sqlite3.Database, sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (e: Error | null) => (e ? reject(e) : resolve()))),
  get: <T>(db: sqlite3.Database, sql: string) =>
    new Promise<T>((resolve, reject) => db.get(sql, (e: Error | null, row: T) => (e ? reject(e) : resolve(row)))),
  all: <T>(db: sqlite3.Database, sql: string, params: unknown[]) =>
    new Promise<T[]>((resolve, reject) => db.all(sql, params, (e: Error | null, rows: T[]) => (e ? reject(e) : resolve(rows)))),
  prepare: (db: sqlite3.Database, sql: string) =>
    new Promise<sqlite3.Statement>((resolve, reject) => {
      const statement = db.prepare(sql, (e: Error | null) => (e ? reject(e) : resolve(statement)));
    }),
  runStatement: (statement: sqlite3.Statement, params: unknown[]) =>
    new Promise<void>((resolve, reject) => statement.run(params, (e: Error | null) => (e ? reject(e) : resolve()))),
  open: (filename: string) =>
    new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(filename, (e: Error | null) => (e ? reject(e) : resolve(db)));
    }),
  close: (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve())),
};

/**
 * The ceiling: the same rows the ledger stores (ids, metadata with hashes, log digests: all
 * precomputed before timing), written with raw `sqlite3` into an equivalent table, one
 * transaction per append (prepared `BEGIN IMMEDIATE`, the store's own prepared 50-row INSERTs,
 * all in flight at once, prepared `COMMIT`), with no revision check and no read. What is timed is only JSON serialisation and the inserts.
 * Concurrent writers share the one connection through a FIFO queue, as the ledger's writer does.
 */
export function ceilingSubject(synchronous: Synchronous): SubjectFactory {
  return {
    id: 'ceiling',
    label: `raw sqlite3 inserts, same rows, one transaction per append (synchronous=${synchronous})`,
    kind: 'ceiling',
    async open(dir: string): Promise<StoreUnderTest> {
      const db = await p.open(join(dir, 'ceiling.sqlite'));
      // The embedded store's own connection settings (temp_store = MEMORY keeps statement
      // journals off the disk), so the ceiling gets every tuning the store gets.
      await p.exec(db, `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA temp_store = MEMORY;`);
      await p.exec(db, SCHEMA);
      const queue = new SerialQueue();
      const statements = new Map<number | string, Promise<sqlite3.Statement>>();
      const sealed = new Map<PlannedAppend, SealedRow[]>();
      const chains = new Map<string, string>();
      const clock = new StepClock();
      let digest = GENESIS_HASH;
      // Reads go through a second, read-only connection, as the store's do.
      let readerDb: Promise<sqlite3.Database> | undefined;
      const reader = (): Promise<sqlite3.Database> =>
        (readerDb ??= p.open(join(dir, 'ceiling.sqlite')).then(async (r) => {
          await p.exec(r, 'PRAGMA query_only = 1;');
          return r;
        }));

      // BEGIN, COMMIT and ROLLBACK prepared once, as the store does (Database#run prepares each time).
      const control = (sql: string): Promise<sqlite3.Statement> => {
        let statement = statements.get(sql);
        if (!statement) {
          statement = p.prepare(db, sql);
          statements.set(sql, statement);
        }
        return statement;
      };
      const insert = (rows: number): Promise<sqlite3.Statement> => {
        let statement = statements.get(rows);
        if (!statement) {
          const tuple = '(?,?,?,?,?,?,?)';
          statement = p.prepare(db, `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${new Array(rows).fill(tuple).join(',')}`);
          statements.set(rows, statement);
        }
        return statement;
      };

      return {
        prime(plan: PlannedAppend[]) {
          for (const a of plan) {
            const recordedAt = clock.now().toISOString();
            let prevHash = chains.get(a.streamId) ?? GENESIS_HASH;
            const rows = a.events.map((event, index) => {
              const revision = a.expectedRevision + 1 + index;
              const eventId = deterministicEventId(a.commandId, a.streamId, index);
              const metadata = {
                eventId,
                schemaVersion: 1,
                actor: { sub: a.actor.sub, role: a.actor.role },
                commandId: a.commandId,
                correlationId: a.commandId,
                causationId: a.commandId,
                recordedAt,
                prevHash,
              };
              const hash = computeEventHash(prevHash, { streamId: a.streamId, revision, type: event.type, data: event.data, metadata });
              prevHash = hash;
              digest = rollDigest(digest, hash);
              return { revision, eventId, type: event.type, data: event.data, metadata: { ...metadata, hash }, logDigest: digest };
            });
            chains.set(a.streamId, prevHash);
            sealed.set(a, rows);
          }
        },
        async settings() {
          const journal = await p.get<{ journal_mode: string }>(db, 'PRAGMA journal_mode');
          const sync = await p.get<{ synchronous: number }>(db, 'PRAGMA synchronous');
          return {
            journal_mode: journal.journal_mode,
            synchronous: synchronousName(sync.synchronous),
            temp_store: 'MEMORY',
            connections: 'one connection; concurrent writers queued in-process, one transaction each',
          };
        },
        append(a: PlannedAppend) {
          const rows = sealed.get(a);
          if (!rows) return Promise.reject(new Error('ceiling: append was not primed'));
          sealed.delete(a);
          return queue.run(async () => {
            await p.runStatement(await control('BEGIN IMMEDIATE'), []);
            try {
              // The embedded store's own INSERT strategy: 50-row chunks, all in flight at once.
              const inserts: Promise<void>[] = [];
              for (let offset = 0; offset < rows.length; offset += ROWS_PER_STATEMENT) {
                const chunk = rows.slice(offset, offset + ROWS_PER_STATEMENT);
                const values: unknown[] = [];
                for (const row of chunk) {
                  values.push(a.streamId, row.revision, row.eventId, row.type, JSON.stringify(row.data), JSON.stringify(row.metadata), row.logDigest);
                }
                inserts.push(insert(chunk.length).then((statement) => p.runStatement(statement, values)));
              }
              const settled = await Promise.allSettled(inserts);
              const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
              if (failed) throw failed.reason;
              await p.runStatement(await control('COMMIT'), []);
            } catch (error) {
              await p.runStatement(await control('ROLLBACK'), []).catch(() => undefined);
              throw error;
            }
          });
        },
        async readStream(streamId: string) {
          const rows = await p.all<Row>(await reader(), `SELECT ${SELECT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`, [streamId]);
          return rows.map(parseRow).length;
        },
        async readAll(pageSize: number) {
          const db = await reader();
          let position = 0;
          let count = 0;
          for (;;) {
            const rows = await p.all<Row>(db, `SELECT ${SELECT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`, [position, pageSize]);
            if (rows.length === 0) return count;
            rows.map(parseRow);
            count += rows.length;
            position = rows[rows.length - 1].position;
          }
        },
        async close() {
          await queue.run(async () => undefined);
          for (const statement of statements.values()) {
            const prepared = await statement.catch(() => undefined);
            if (prepared) await new Promise<void>((resolve) => prepared.finalize(() => resolve()));
          }
          if (readerDb) await p.close(await readerDb);
          await p.close(db);
        },
      };
    },
  };
}

/** What any reader must do with a row: parse its JSON into an event object. */
function parseRow(row: Row): unknown {
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    logDigest: row.log_digest,
  };
}
