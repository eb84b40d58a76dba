import type { DataSource } from 'typeorm';
import { MIGRATION_LOCK_CLASS } from '../data-source';
import { quote, Sql, toNumber } from '../sql/sql';

/**
 * The read store has been migrated by a newer release than this process's code: its
 * `migrations` table names migrations this code does not have. Code that projects into it would
 * write rows of the old shape into the new tables (a column the new release fills left NULL) and,
 * when the migration reset a projection to replay it, replay it by the old rules. A process that
 * finds this projects nothing more and leaves its projectors to a process of the new release.
 */
export class ReadStoreNewerError extends Error {
  constructor(readonly migrations: readonly string[]) {
    super(
      `the read store was migrated by a newer release (migration${migrations.length === 1 ? '' : 's'} ${migrations.join(', ')} ` +
        `unknown to this one): this process's code is older than the read store, so it projects nothing into it; run it on that release`,
    );
    this.name = 'ReadStoreNewerError';
  }
}

/** The names of the migrations this code has (as TypeORM records them in `migrations`). */
export function knownMigrations(dataSource: DataSource): ReadonlySet<string> {
  return new Set(dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name));
}

/**
 * The migrations the read store has run that are not among `known`, oldest first (none when
 * `known` is empty: a data source without migrations knows no release). The store has run every
 * known one (openReadStore runs what is pending before anything else), so only a larger count
 * (`count`, when the caller has read it) says there is more, and the names are read only then.
 */
export async function newerMigrations(sql: Sql, known: ReadonlySet<string>, count?: number): Promise<string[]> {
  if (known.size === 0) return [];
  const run = count ?? toNumber((await sql.rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${quote('migrations')}`))[0]?.n);
  if (run <= known.size) return [];
  const names = await sql.rows<{ name: string }>(`SELECT name FROM ${quote('migrations')} ORDER BY timestamp, id`);
  return names.map((r) => r.name).filter((name) => !known.has(name));
}

/** Throws ReadStoreNewerError when the read store has migrations `known` does not name. */
export async function assertReadStoreNotNewer(sql: Sql, known: ReadonlySet<string>): Promise<void> {
  const newer = await newerMigrations(sql, known);
  if (newer.length > 0) throw new ReadStoreNewerError(newer);
}

/**
 * PostgreSQL, inside a projector's batch transaction and before anything else: the migration lock
 * (data-source.ts) taken shared until the transaction ends. A migration takes it exclusively for
 * its whole run, so it waits for the batches under way and they wait for it: a batch never checks
 * the store's release, then writes after a migration committed in between. (SQLite needs none: a
 * batch holds the write lock from its first statement.) Taken first, so a batch waiting for it
 * holds no row a migration's statements would wait for.
 */
export async function holdMigrationLockShared(sql: Sql, dataSource: DataSource): Promise<void> {
  if (sql.dialect !== 'postgres') return;
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  await sql.run('SELECT pg_advisory_xact_lock_shared(hashtext(?), hashtext(?))', [MIGRATION_LOCK_CLASS, schema]);
}
