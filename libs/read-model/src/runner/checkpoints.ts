import type { DataSource } from 'typeorm';
import { Sql, toNumber } from '../sql/sql';

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
