import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities';
import { READ_MODEL_MIGRATIONS } from './migrations';

export type ReadStoreOptions =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; url: string; schema?: string };

export function readStoreOptionsFor(config: {
  readStore: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
}): ReadStoreOptions {
  return config.readStore === 'postgres'
    ? { kind: 'postgres', url: config.databaseUrl!, schema: config.databaseSchema }
    : { kind: 'sqlite', filename: join(config.dataDir, 'read-model.sqlite') };
}

/**
 * TypeORM calls `sqlite3.verbose()`, which patches every Database method of the module, for the
 * whole process, to capture a stack trace and `util.inspect` every argument of every call — a
 * bulk INSERT's thirty thousand parameters included. The driver handed over here is the same
 * module with a `verbose()` that changes nothing.
 */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => quietSqlite3 });

export function dataSourceOptions(options: ReadStoreOptions): DataSourceOptions {
  const common = { entities: READ_MODEL_ENTITIES, migrations: READ_MODEL_MIGRATIONS, migrationsRun: true, synchronize: false, logging: false } as const;
  if (options.kind === 'postgres') {
    // Raw SQL (the projectors' bulk writes) names tables unqualified: search_path points it at the schema.
    const extra = options.schema ? { options: `-c search_path=${options.schema}` } : undefined;
    return { ...common, type: 'postgres', url: options.url, schema: options.schema, extra };
  }
  return { ...common, type: 'sqlite', database: options.filename, enableWAL: true, busyErrorRetry: 50, driver: quietSqlite3 };
}

/** Opens the read store and brings its schema up to date with the migrations. */
export async function openReadStore(options: ReadStoreOptions): Promise<DataSource> {
  if (options.kind === 'sqlite') mkdirSync(join(options.filename, '..'), { recursive: true });
  if (options.kind === 'postgres' && options.schema) {
    const bootstrap = new DataSource({ type: 'postgres', url: options.url });
    await bootstrap.initialize();
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await bootstrap.destroy();
  }
  const dataSource = await new DataSource(dataSourceOptions(options)).initialize();
  if (options.kind === 'sqlite') {
    // The read store is a projection with its checkpoint in the same transaction: losing the last
    // commits to a power cut only replays them, so commits need not wait for fsync (NORMAL is
    // still corruption-safe in WAL mode). Lists scan index ranges and join institutions: a larger
    // page cache and memory-mapped reads keep that off the disk.
    await dataSource.query('PRAGMA synchronous = NORMAL');
    await dataSource.query('PRAGMA cache_size = -65536');
    await dataSource.query('PRAGMA mmap_size = 268435456');
  }
  return dataSource;
}
