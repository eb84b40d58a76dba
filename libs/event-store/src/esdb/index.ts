export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
export { type EsdbLogger } from './esdb-subscription';
export { type BackoffOptions } from './backoff';
