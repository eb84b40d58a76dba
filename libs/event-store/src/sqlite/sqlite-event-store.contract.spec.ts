import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract, plainEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
  const store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded SQLite: subscriptions', () => {
  it('refuses to start beyond the head of the log (a checkpoint from a newer log) instead of skipping events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-sub-'));
    const store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    try {
      await store.append('s', [plainEvent('A')], 'no_stream');
      const errors: unknown[] = [];
      const subscription = store.subscribeToAll({ fromPosition: 5, onEvents: async () => undefined, onError: (e) => errors.push(e) });
      await expect(subscription.caughtUp).rejects.toThrow(/beyond the log head 1/);
      expect(errors).toHaveLength(1);
      await subscription.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
