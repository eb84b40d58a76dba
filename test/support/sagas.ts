import { READ_STORE } from '@app/application';
import { LedgerSagas } from '@app/application/sagas/ledger.sagas';
import { DataSource } from 'typeorm';
import { eventually } from './polling';
import type { TestLedger } from './test-app';

/** Every saga has reacted to the whole log (its checkpoint is at the head, and the head stays). */
export async function sagasCaughtUp(test: TestLedger): Promise<void> {
  const read = async () => {
    const head = await test.store.headPosition();
    const rows: Array<{ name: string; position: number | string }> = await test.app
      .get<DataSource>(READ_STORE)
      .query('SELECT name, position FROM process_checkpoints');
    const sagas = test.app.get(LedgerSagas).all().length;
    return { head, done: rows.length === sagas && rows.every((r) => Number(r.position) >= head) };
  };
  const first = await eventually(read, (r) => r.done);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const second = await eventually(read, (r) => r.done);
  if (!first.done || !second.done) throw new Error('the sagas did not catch up with the log');
}
