/**
 * Child process for the crash test: appends 10,000-event batches, one stream each, forever,
 * saying on stdout when the store starts writing each one. The parent kills it with SIGKILL mid-way.
 */
import { EventLedger } from '../ledger/event-ledger';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';

async function main(): Promise<void> {
  const filename = process.argv[2];
  const store = await SqliteEventStore.open({ filename });
  // Announce the moment the store's own append starts, so the parent can kill inside it.
  const storeAppend = store.append.bind(store);
  store.append = (streamId, events, expected) => {
    process.stdout.write(`writing ${streamId}\n`);
    return storeAppend(streamId, events, expected);
  };
  const ledger = new EventLedger(store, { now: () => new Date('2026-11-22T00:00:00Z') });
  for (let batch = 0; ; batch += 1) {
    const events = Array.from({ length: 10_000 }, (_, n) => ({ type: 'Bulk', data: { batch, n, pad: 'x'.repeat(40) } }));
    await ledger.append(`bulk-${process.pid}-${batch}`, events, 'no_stream', {
      commandId: `bulk-${process.pid}-${batch}`,
      actor: { sub: 'crash-test', role: 'registrar' },
    });
    process.stdout.write(`committed ${batch}\n`);
  }
}

void main();
