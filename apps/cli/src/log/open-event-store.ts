import { existsSync } from 'node:fs';
import { eventStoreOptionsFrom, isLedgerStream, LedgerConfig } from '@app/application';
import { EventStore, SqliteEventStore } from '@app/event-store';
import { EsdbEventStore } from '@app/event-store/esdb';

/**
 * The event store the configuration names, for a command that runs without the service. The
 * embedded log must exist already unless `create` (an import or a demo starts a new one): a log
 * that is not there is usually LEDGER_DATA_DIR pointing elsewhere.
 */
export async function openEventStore(config: LedgerConfig, { create = false } = {}): Promise<EventStore> {
  const options = eventStoreOptionsFrom(config);
  if (options.kind === 'esdb') return new EsdbEventStore({ connectionString: options.connectionString, ownsStream: isLedgerStream });
  if (!create) assertEventLogExists(config);
  return SqliteEventStore.open({ filename: options.filename, synchronous: options.synchronous });
}

/** Opening the embedded store creates the file: a command that reads a log refuses one that is not there. */
export function assertEventLogExists(config: LedgerConfig): void {
  const options = eventStoreOptionsFrom(config);
  if (options.kind === 'sqlite' && !existsSync(options.filename)) {
    throw new Error(`there is no event log at ${options.filename} (set LEDGER_DATA_DIR to the service's data dir)`);
  }
}

/** Where the configured log is, for messages. */
export function eventLogName(config: LedgerConfig): string {
  const options = eventStoreOptionsFrom(config);
  return options.kind === 'esdb' ? 'the EventStoreDB cluster' : options.filename;
}
