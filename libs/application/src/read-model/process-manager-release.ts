import { Inject, Injectable, Logger } from '@nestjs/common';
import { knownMigrations, newerMigrations, ReadStoreNewerError, Sql } from '@app/read-model';
import { DataSource } from 'typeorm';
import { READ_STORE } from './tokens';

/**
 * Whether the read store has been migrated by a newer release than this process's code, as the
 * process managers (sagas, deadline watcher) ask it before they react: in a rolling upgrade a
 * process of the older release would go on appending reactions by its older rules (and race the
 * new release's for the same derived command ids). Once found, it stays found: the process managers
 * stand aside for good, and a restart on the new release runs them again. A reaction whose check
 * passed just before the migration committed may still run by the old rules (a batch, a sweep);
 * unlike the projectors' batches, the reaction's append is to the event log, outside any read-store
 * transaction the check could share.
 */
@Injectable()
export class ProcessManagerRelease {
  private readonly logger = new Logger('ProcessManagers');
  private newer: { migrations: string[]; since: string } | undefined;
  /** The check under way: callers at the same time (every saga gets the same batch) share it. */
  private checking: Promise<void> | undefined;
  private readonly listeners: Array<() => void> = [];

  constructor(@Inject(READ_STORE) private readonly readStore: DataSource) {}

  /** Called once, when the store is found newer (by any process manager): the others stand aside at once. */
  onFound(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The store's migrations this code does not have, and since when this process knows; undefined while there are none. */
  get found(): { migrations: string[]; since: string } | undefined {
    return this.newer && { migrations: [...this.newer.migrations], since: this.newer.since };
  }

  /** Checks the store (once found, no more queries); throws ReadStoreNewerError when it is newer. */
  async assertNotNewer(): Promise<void> {
    if (!this.newer) {
      this.checking ??= this.check().finally(() => (this.checking = undefined));
      await this.checking;
    }
    if (this.newer) throw new ReadStoreNewerError(this.newer.migrations);
  }

  private async check(): Promise<void> {
    const migrations = await newerMigrations(Sql.of(this.readStore), knownMigrations(this.readStore));
    if (migrations.length === 0 || this.newer) return;
    this.newer = { migrations, since: new Date().toISOString() };
    this.logger.error(`${new ReadStoreNewerError(migrations).message}. The sagas and the deadline watcher of this process stand aside for good`);
    for (const listener of this.listeners) listener();
  }
}
