import { existsSync } from 'node:fs';
import type { LedgerConfig } from '@app/application';
import type { LogWitness } from '@app/application/audit';
import { dataSourceOptions, ProjectionCheckpoint, readStoreOptionsFor } from '@app/read-model';
import { DataSource, DataSourceOptions } from 'typeorm';

/**
 * The read store's projection checkpoints as a witness of how long the log was, read without
 * running migrations or projectors: a verify must not change anything. No read store, no witness.
 */
export function readStoreWitness(config: LedgerConfig): LogWitness {
  return {
    name: 'read model',
    highestPosition: async () => {
      const options = readStoreOptionsFor(config);
      if (options.kind === 'sqlite' && !existsSync(options.filename)) return undefined;
      const dataSource = new DataSource({ ...dataSourceOptions(options), migrationsRun: false } as DataSourceOptions);
      await dataSource.initialize();
      try {
        const rows = await dataSource.getRepository(ProjectionCheckpoint).find();
        return rows.length === 0 ? undefined : Math.max(...rows.map((row) => row.position));
      } finally {
        await dataSource.destroy();
      }
    },
  };
}
