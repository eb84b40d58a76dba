import { ConfigurableModuleBuilder, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { parseStreamName } from '@app/domain';
import { Clock, EVENT_STORE, EventLedger, EventStore, SqliteEventStore } from '@app/event-store';
import { EsdbEventStore } from '@app/event-store/esdb';
import { join } from 'node:path';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CLOCK } from '../time/clock';

export type EventStoreModuleOptions =
  | { kind: 'sqlite'; filename: string; synchronous?: 'FULL' | 'NORMAL' }
  | { kind: 'esdb'; connectionString: string };

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<EventStoreModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/**
 * The ledger's streams (the domain's stream names): on EventStoreDB an event there that is not a
 * JSON object is reported as corrupt, as on the embedded store, not skipped as another application's.
 */
export const isLedgerStream = (streamId: string): boolean => parseStreamName(streamId) !== undefined;

/** The options the service derives from its configuration: the embedded file lives in the data dir. */
export function eventStoreOptionsFrom(config: LedgerConfig): EventStoreModuleOptions {
  return config.eventStore === 'esdb'
    ? { kind: 'esdb', connectionString: config.esdbConnectionString! }
    : { kind: 'sqlite', filename: join(config.dataDir, 'events.sqlite'), synchronous: config.sqliteSynchronous };
}

async function openEventStore(options: EventStoreModuleOptions): Promise<EventStore> {
  if (options.kind === 'esdb') {
    const logger = new Logger('EventStoreDB');
    return new EsdbEventStore({
      connectionString: options.connectionString,
      ownsStream: isLedgerStream,
      logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m) },
    });
  }
  return SqliteEventStore.open({ filename: options.filename, synchronous: options.synchronous });
}

/**
 * Provides the event store chosen by configuration (`EVENT_STORE`) and the `EventLedger` above
 * it (stamped by the global CLOCK). `EventStoreModule.forRootAsync({ inject: [LEDGER_CONFIG], useFactory: eventStoreOptionsFrom })`.
 */
@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [MODULE_OPTIONS_TOKEN], useFactory: openEventStore },
    { provide: EventLedger, inject: [EVENT_STORE, CLOCK], useFactory: (store: EventStore, clock: Clock) => new EventLedger(store, clock) },
  ],
  exports: [EVENT_STORE, EventLedger],
})
export class EventStoreModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

export { LEDGER_CONFIG };
