import { existsSync } from 'node:fs';
import type { LedgerConfig } from '@app/application';
import type { LogWitness } from '@app/application/audit';
import { dataSourceOptions, ProjectionCheckpoint, readStoreOptionsFor } from '@app/read-model';
import { DataSource, DataSourceOptions } from 'typeorm';

/**
 * The read store as the audit commands use it: opened without migrations or projectors (an
 * audit changes nothing), only if it is there, and only to read the projections' checkpoints and
 * the subject_streams index. Undefined when there is no read store to ask.
 */
export async function openReadStoreForAudit(config: LedgerConfig): Promise<DataSource | undefined> {
  const options = readStoreOptionsFor(config);
  if (options.kind === 'sqlite' && !existsSync(options.filename)) return undefined;
  const dataSource = new DataSource({ ...dataSourceOptions(options), migrationsRun: false } as DataSourceOptions);
  try {
    await dataSource.initialize();
    await dataSource.getRepository(ProjectionCheckpoint).count();
    return dataSource;
  } catch {
    if (dataSource.isInitialized) await dataSource.destroy();
    return undefined;
  }
}

/** The projections' checkpoints as a witness of how long the log was. */
export function readStoreWitness(readStore: DataSource | undefined): LogWitness {
  return {
    name: 'read model',
    highestPosition: async () => {
      if (!readStore) return undefined;
      const rows = await readStore.getRepository(ProjectionCheckpoint).find();
      return rows.length === 0 ? undefined : Math.max(...rows.map((row) => row.position));
    },
  };
}
