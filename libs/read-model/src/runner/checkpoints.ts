import type { DataSource } from 'typeorm';
import { Sql, toNumber } from '../sql/sql';
import { MIGRATIONS_RUN_SQL, MigrationsRun } from './read-store-release';

const TABLE = 'projection_checkpoints';

/** Every projector has a checkpoint row, so the first batch has a row to lock. */
export async function ensureCheckpoints(dataSource: DataSource, names: readonly string[]): Promise<void> {
  await Sql.of(dataSource).insert(TABLE, ['name', 'position'], names.map((name) => [name, 0]), { key: ['name'] });
}

export async function readCheckpoints(source: DataSource | Sql): Promise<Map<string, number>> {
  const sql = source instanceof Sql ? source : Sql.of(source);
  const rows = await sql.rows<{ name: string; position: unknown }>(`SELECT name, position FROM ${TABLE}`);
  return new Map(rows.map((r) => [r.name, toNumber(r.position)]));
}

/**
 * Inside a projector's transaction: a no-op write takes the write lock first (SQLite: no stale
 * read snapshot can follow; PostgreSQL: the row lock a rebuild's swap also takes first, so the
 * two never deadlock), then reads where the projector really is.
 */
export async function lockCheckpoint(sql: Sql, name: string): Promise<number> {
  return (await lockStoredCheckpoint(sql, name)) ?? 0;
}

/**
 * As `lockCheckpoint`, but says when the row is missing (undefined): a migration that deleted it
 * to make the projection replay. Then the UPDATE locked nothing, so the caller must not go on as
 * if it held the row.
 */
export async function lockStoredCheckpoint(sql: Sql, name: string): Promise<number | undefined> {
  await sql.run(`UPDATE ${TABLE} SET position = position WHERE name = ?`, [name]);
  const [row] = await sql.rows<{ position: unknown }>(`SELECT position FROM ${TABLE} WHERE name = ?`, [name]);
  return row ? toNumber(row.position) : undefined;
}

/**
 * As `lockStoredCheckpoint`, and in the same read what the read store's `migrations` table holds
 * (for commitBatch's check of the store's release, at no extra round trip).
 */
export async function lockStoredCheckpointAndReadMigrations(sql: Sql, name: string): Promise<{ position: number | undefined; migrations: MigrationsRun }> {
  await sql.run(`UPDATE ${TABLE} SET position = position WHERE name = ?`, [name]);
  const [row] = await sql.rows<{ position: unknown; count: unknown; latest: unknown }>(
    `SELECT (SELECT position FROM ${TABLE} WHERE name = ?) AS position, ${MIGRATIONS_RUN_SQL.count} AS count, ${MIGRATIONS_RUN_SQL.latest} AS latest`,
    [name],
  );
  return {
    position: row.position === null || row.position === undefined ? undefined : toNumber(row.position),
    migrations: { count: toNumber(row.count), latest: toNumber(row.latest) },
  };
}

/**
 * SQLite only: a no-op write as a transaction's first statement, so it holds the write lock from
 * its start. A transaction that reads first works on a snapshot; if another connection commits
 * before its first write (a live projector in the service while `ledger rebuild` runs in its own
 * process), that write can never succeed (SQLITE_BUSY on every retry).
 */
export async function takeWriteLock(sql: Sql): Promise<void> {
  if (sql.dialect === 'sqlite') await sql.run(`UPDATE ${TABLE} SET position = position WHERE name = ''`);
}

export async function writeCheckpoint(sql: Sql, name: string, position: number): Promise<void> {
  await sql.insert(TABLE, ['name', 'position'], [[name, position]], { key: ['name'], update: ['position'] });
}

/** Where a projector stopped: the event it could not apply (see ProjectorStatus.failed). */
export interface StoredFailure {
  position: number;
  eventType: string;
  message: string;
}

/** A stored message is cut to this many characters (a driver's error can quote a whole statement). */
const MAX_MESSAGE = 2000;

/**
 * Records beside its checkpoint that the projector stopped at an event (undefined: it runs
 * again), for the processes that do not run it: an API replica, a standby (their /health).
 */
export async function writeFailure(source: DataSource | Sql, name: string, failed: StoredFailure | undefined): Promise<void> {
  const sql = source instanceof Sql ? source : Sql.of(source);
  if (failed) {
    await sql.run(`UPDATE ${TABLE} SET failed_position = ?, failed_event_type = ?, failed_message = ? WHERE name = ?`, [
      failed.position,
      failed.eventType.slice(0, 200),
      failed.message.slice(0, MAX_MESSAGE),
      name,
    ]);
  } else {
    await clearFailures(sql, [name]);
  }
}

/**
 * The projectors run again (or are taken over, and will say so again if they fail again).
 * `passedBy`: only the failures at or before that position (a rebuild swapped in tables built that
 * far; a failure beyond it still holds).
 */
export async function clearFailures(source: DataSource | Sql, names: readonly string[], options: { passedBy?: number } = {}): Promise<void> {
  if (names.length === 0) return;
  const sql = source instanceof Sql ? source : Sql.of(source);
  const passed = options.passedBy === undefined ? '' : ' AND failed_position <= ?';
  await sql.run(
    `UPDATE ${TABLE} SET failed_position = NULL, failed_event_type = NULL, failed_message = NULL WHERE failed_position IS NOT NULL AND name IN (${names.map(() => '?').join(', ')})${passed}`,
    [...names, ...(options.passedBy === undefined ? [] : [options.passedBy])],
  );
}

/**
 * Every checkpoint with the failure stored beside it, if it still holds: a checkpoint that has
 * passed the failing event (a rebuild swapped tables in) has left it behind.
 */
export async function readCheckpointStatus(source: DataSource | Sql): Promise<Map<string, { position: number; failed?: StoredFailure }>> {
  const sql = source instanceof Sql ? source : Sql.of(source);
  const rows = await sql.rows<{ name: string; position: unknown; failed_position: unknown; failed_event_type: string | null; failed_message: string | null }>(
    `SELECT name, position, failed_position, failed_event_type, failed_message FROM ${TABLE}`,
  );
  return new Map(
    rows.map((r) => {
      const position = toNumber(r.position);
      const failedAt = r.failed_position === null || r.failed_position === undefined ? undefined : toNumber(r.failed_position);
      const failed = failedAt !== undefined && failedAt > position ? { position: failedAt, eventType: r.failed_event_type ?? '', message: r.failed_message ?? '' } : undefined;
      return [r.name, { position, ...(failed && { failed }) }];
    }),
  );
}
