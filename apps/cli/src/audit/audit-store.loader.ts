import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { CLOCK, EventStoreModule, eventStoreOptionsFrom, LEDGER_CONFIG, LedgerConfig, systemClock } from '@app/application';
import { AuditLogService, AuditModule, LogSubjectStreamIndex, SUBJECT_STREAM_LOCATOR, SubjectHistoryReader } from '@app/application/audit';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { readStoreWitness } from './read-store-witness';

@Global()
@Module({ providers: [{ provide: CLOCK, useValue: systemClock }], exports: [CLOCK] })
class CliClockModule {}

/** The event store from configuration and the audit services over it: no HTTP app, no projectors. */
@Module({
  imports: [
    CliClockModule,
    EventStoreModule.forRootAsync({ isGlobal: true, inject: [LEDGER_CONFIG], useFactory: eventStoreOptionsFrom }),
    AuditModule.register({ witnesses: { inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => [readStoreWitness(config)] } }),
  ],
})
export class AuditStoreModule {}

export interface AuditStores {
  store: EventStore;
  audit: AuditLogService;
  histories: SubjectHistoryReader;
  index: LogSubjectStreamIndex;
  close(): Promise<void>;
}

/**
 * Opens the stores only for the commands that need them, so `ledger token` never touches the
 * log. Lazily loaded modules get no shutdown hooks: `close()` closes the store.
 */
@Injectable()
export class AuditStoreLoader {
  constructor(
    private readonly lazy: LazyModuleLoader,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async open(): Promise<AuditStores> {
    const options = eventStoreOptionsFrom(this.config);
    // Opening the embedded store creates the file; an audit of a log that is not there is a mistake.
    if (options.kind === 'sqlite' && !existsSync(options.filename)) {
      throw new Error(`there is no event log at ${options.filename} (set LEDGER_DATA_DIR to the service's data dir)`);
    }
    const moduleRef = await this.lazy.load(() => AuditStoreModule);
    const store = moduleRef.get<EventStore>(EVENT_STORE, { strict: false });
    return {
      store,
      audit: moduleRef.get(AuditLogService, { strict: false }),
      histories: moduleRef.get(SubjectHistoryReader, { strict: false }),
      index: moduleRef.get<LogSubjectStreamIndex>(SUBJECT_STREAM_LOCATOR, { strict: false }),
      close: () => store.close(),
    };
  }
}
