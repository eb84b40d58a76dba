import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { join } from 'node:path';
import {
  allProjectors,
  openReadStore,
  PostgresAdvisoryLocks,
  ProjectionRunner,
  ProjectorLocks,
  readStoreOptionsFor,
  SqliteFileLocks,
  sweepStaleRebuilds,
} from '@app/read-model';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { upcastStoredEvent } from '../command-handling/upcasting';
import type { Clock } from '@app/event-store';
import { businessToday, CLOCK } from '../time/clock';
import { calendarReport } from './calendar-report';
import { ProjectionStatusService } from './projection-status.service';
import { READ_STORE } from './tokens';

/**
 * One writer per projector across processes (architecture.md "Scale-out"): an advisory lock on
 * the PostgreSQL read store, a file lock beside the SQLite one.
 */
export function projectorLocksFor(config: LedgerConfig): ProjectorLocks {
  return config.readStore === 'postgres'
    ? new PostgresAdvisoryLocks(config.databaseUrl!, config.databaseSchema ?? 'public')
    : new SqliteFileLocks(join(config.dataDir, 'locks'));
}

/**
 * The read store (TypeORM, SQLite or PostgreSQL) and the projectors that fill it from the
 * event store's subscription. Projectors start when the app boots, if this process runs them.
 */
@Global()
@Module({
  providers: [
    {
      provide: READ_STORE,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => openReadStore(readStoreOptionsFor(config)),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_STORE, LEDGER_CONFIG],
      useFactory: (store: EventStore, dataSource: DataSource, config: LedgerConfig) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner(
          store,
          dataSource,
          allProjectors({ calendar: config.calendar }),
          { log: (m) => logger.log(m), error: (m) => logger.error(m), warn: (m) => logger.warn(m) },
          upcastStoredEvent,
          { locks: projectorLocksFor(config) },
        );
      },
    },
    ProjectionStatusService,
  ],
  exports: [READ_STORE, ProjectionRunner, ProjectionStatusService],
})
export class ReadModelModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly runner: ProjectionRunner,
    @Inject(READ_STORE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweepRebuildLeftovers();
    await this.reportCalendar();
    if (this.config.runProjectors) await this.runner.start();
  }

  /** The years the SLAs count in, and what an operator should do about a year missing or newly added. */
  private async reportCalendar(): Promise<void> {
    const logger = new Logger('Calendar');
    try {
      const report = await calendarReport(this.config.calendar, businessToday(this.clock), this.config.calendarFile, this.dataSource);
      report.info.forEach((line) => logger.log(line));
      report.warnings.forEach((line) => logger.warn(line));
    } catch (error) {
      logger.warn(`could not check the queues against the working-day calendar: ${String(error)}`);
    }
  }

  /** What a `ledger rebuild` that died left (fresh tables, scratch files): best effort, never in the way of starting. */
  private async sweepRebuildLeftovers(): Promise<void> {
    const logger = new Logger('Rebuild');
    const locks = projectorLocksFor(this.config);
    try {
      const tables = allProjectors().flatMap((p) => [...(p.tables ?? [])]);
      await sweepStaleRebuilds(this.dataSource, locks, tables, { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) });
    } catch (error) {
      logger.warn(`could not look for what interrupted rebuilds left: ${String(error)}`);
    } finally {
      await locks.close().catch(() => undefined);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  /** After the HTTP server has closed, so requests still in flight can finish their reads. */
  async onApplicationShutdown(): Promise<void> {
    await this.dataSource.destroy();
  }
}
