/**
 * A process that opens read stores as the service, the projector and `ledger rebuild` do at
 * start, for the test of concurrent starts. It loads everything, says `ready`, then for each
 * `{ open: ReadStoreOptions }` message opens that store (migrations and all), closes it and
 * answers `{ ok: true }` or `{ ok: false, error }`. The parent sends the same store to two of
 * these at once, so both start on a fresh store together.
 */
import 'reflect-metadata';
import { openReadStore, ReadStoreOptions } from '../data-source';

process.on('message', (message: { open?: ReadStoreOptions; exit?: true }) => {
  if (message.exit) process.exit(0);
  if (!message.open) return;
  openReadStore(message.open).then(
    async (dataSource) => {
      await dataSource.destroy();
      process.send!({ ok: true });
    },
    (error: unknown) => process.send!({ ok: false, error: String(error instanceof Error ? error.message : error) }),
  );
});
process.send!('ready');
