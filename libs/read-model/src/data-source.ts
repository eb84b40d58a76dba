import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
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

export function dataSourceOptions(options: ReadStoreOptions): DataSourceOptions {
  const common = { entities: READ_MODEL_ENTITIES, migrations: READ_MODEL_MIGRATIONS, migrationsRun: true, synchronize: false, logging: false } as const;
  if (options.kind === 'postgres') {
    // Raw SQL (the projectors' bulk writes) names tables unqualified: search_path points it at the schema.
    const extra = options.schema ? { options: `-c search_path=${options.schema}` } : undefined;
    return { ...common, type: 'postgres', url: options.url, schema: options.schema, extra };
  }
  return { ...common, type: 'sqlite', database: options.filename, enableWAL: true, busyErrorRetry: 50 };
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
  return new DataSource(dataSourceOptions(options)).initialize();
}
