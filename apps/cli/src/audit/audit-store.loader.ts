import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import { CLOCK, EventStoreModule, eventStoreOptionsFrom, LEDGER_CONFIG, LedgerConfig, systemClock } from '@app/application';
import {
  AuditLogService,
  AuditModule,
  IndexedSubjectStreamLocator,
  LogSubjectStreamIndex,
  SUBJECT_STREAM_LOCATOR,
  SubjectHistoryReader,
  SubjectStreamLocator,
} from '@app/application/audit';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { DataSource } from 'typeorm';
import { assertEventLogExists } from '../log/open-event-store';
import { openReadStoreForAudit, readStoreWitness } from './cli-read-store';

const AUDIT_READ_STORE = Symbol('AUDIT_READ_STORE');

@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: AUDIT_READ_STORE, inject: [LEDGER_CONFIG], useFactory: openReadStoreForAudit },
  ],
  exports: [CLOCK, AUDIT_READ_STORE],
})
class CliAuditSupportModule {}

/** The event store from configuration and the audit services over it: no HTTP app, no projectors. */
@Module({
  imports: [
    CliAuditSupportModule,
    EventStoreModule.forRootAsync({ isGlobal: true, inject: [LEDGER_CONFIG], useFactory: eventStoreOptionsFrom }),
    AuditModule.register({
      // The read side's subject index when there is one (completed from the log past its
      // checkpoint); otherwise one pass over the log.
      locator: {
        inject: [AUDIT_READ_STORE, EVENT_STORE],
        useFactory: (readStore: DataSource | undefined, store: EventStore) =>
          readStore ? new IndexedSubjectStreamLocator(readStore, store) : new LogSubjectStreamIndex(store),
      },
      witnesses: { inject: [AUDIT_READ_STORE], useFactory: (readStore: DataSource | undefined) => [readStoreWitness(readStore)] },
    }),
  ],
})
export class AuditStoreModule {}

export interface AuditStores {
  store: EventStore;
  audit: AuditLogService;
  histories: SubjectHistoryReader;
  locator: SubjectStreamLocator;
  /** A history reader that finds streams by a pass over the log alone, trusting no projection. */
  logOnlyHistories(): { histories: SubjectHistoryReader; index: LogSubjectStreamIndex };
  close(): Promise<void>;
}

/**
 * Opens the stores only for the commands that need them, so `ledger token` never touches the
 * log. Lazily loaded modules get no shutdown hooks: `close()` closes what was opened.
 */
@Injectable()
export class AuditStoreLoader {
  constructor(
    private readonly lazy: LazyModuleLoader,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async open(): Promise<AuditStores> {
    assertEventLogExists(this.config);
    const moduleRef = await this.lazy.load(() => AuditStoreModule);
    const store = moduleRef.get<EventStore>(EVENT_STORE, { strict: false });
    const readStore = moduleRef.get<DataSource | undefined>(AUDIT_READ_STORE, { strict: false });
    return {
      store,
      audit: moduleRef.get(AuditLogService, { strict: false }),
      histories: moduleRef.get(SubjectHistoryReader, { strict: false }),
      locator: moduleRef.get<SubjectStreamLocator>(SUBJECT_STREAM_LOCATOR, { strict: false }),
      logOnlyHistories: () => {
        const index = new LogSubjectStreamIndex(store);
        return { histories: new SubjectHistoryReader(store, index), index };
      },
      close: async () => {
        await store.close();
        if (readStore?.isInitialized) await readStore.destroy();
      },
    };
  }
}
