import type { DataSource } from 'typeorm';
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

/** The migrations a release has: names as TypeORM records them, and the latest timestamp among them. */
export interface KnownMigrations {
  names: ReadonlySet<string>;
  latest: number;
}

/** What the read store's `migrations` table holds, in numbers: how many, and the latest timestamp. */
export interface MigrationsRun {
  count: number;
  latest: number;
}

/** The migrations `dataSource`'s code has (read once it is initialised: before, it lists none). */
export function knownMigrations(dataSource: DataSource): KnownMigrations {
  if (!dataSource.isInitialized) throw new Error('knownMigrations: the data source is not initialised yet, so its migrations are not known');
  const names = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  // TypeORM takes a migration's timestamp from the last 13 digits of its name.
  return { names: new Set(names), latest: Math.max(0, ...names.map((name) => Number.parseInt(name.slice(-13), 10) || 0)) };
}

/** `migrations` counted, and its latest timestamp, as one expression each (for a SELECT list). */
export const MIGRATIONS_RUN_SQL = {
  count: `(SELECT COUNT(*) FROM ${quote('migrations')})`,
  latest: `(SELECT MAX(${quote('timestamp')}) FROM ${quote('migrations')})`,
} as const;

/**
 * The migrations the read store has run that `known` does not name, oldest first (none when
 * `known` names none: a data source without migrations knows no release). The store has run every
 * known one (openReadStore runs what is pending before anything else), so only more of them, or a
 * later one (a newer release that merged its migrations), says there is more, and the names are
 * read only then. `run`: the numbers, when the caller has read them already.
 */
export async function newerMigrations(sql: Sql, known: KnownMigrations, run?: MigrationsRun): Promise<string[]> {
  if (known.names.size === 0) return [];
  const seen = run ?? (await readMigrationsRun(sql));
  if (seen.count <= known.names.size && seen.latest <= known.latest) return [];
  const names = await sql.rows<{ name: string }>(`SELECT name FROM ${quote('migrations')} ORDER BY ${quote('timestamp')}, id`);
  return names.map((r) => r.name).filter((name) => !known.names.has(name));
}

async function readMigrationsRun(sql: Sql): Promise<MigrationsRun> {
  const [row] = await sql.rows<{ count: unknown; latest: unknown }>(`SELECT ${MIGRATIONS_RUN_SQL.count} AS count, ${MIGRATIONS_RUN_SQL.latest} AS latest`);
  return { count: toNumber(row?.count), latest: toNumber(row?.latest) };
}

/** Throws ReadStoreNewerError when the read store has migrations `known` does not name. */
export async function assertReadStoreNotNewer(sql: Sql, known: KnownMigrations): Promise<void> {
  const newer = await newerMigrations(sql, known);
  if (newer.length > 0) throw new ReadStoreNewerError(newer);
}
