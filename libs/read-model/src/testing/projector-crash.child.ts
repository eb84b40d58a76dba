/**
 * A projector process for the crash test: runs the read side's projectors over an embedded log
 * and kills itself with SIGKILL inside the transaction of its N-th batch, after the projector
 * wrote its rows and before the checkpoint and the commit — a crash in the middle of a batch.
 * argv[2]: JSON {events, readStore, locksDir, killAtCommit, batchSize}.
 */
import 'reflect-metadata';
import { SqliteEventStore } from '@app/event-store';
import { openReadStore, ReadStoreOptions } from '../data-source';
import { readSideProjectors } from '../projectors/read-side.projectors';
import { ProjectionRunner } from '../runner/projection-runner';
import { SqliteFileLocks } from '../runner/projector-locks';

interface ChildOptions {
  events: string;
  readStore: ReadStoreOptions;
  locksDir: string;
  killAtCommit: number;
  batchSize: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as ChildOptions;
  const store = await SqliteEventStore.open({ filename: options.events });
  const dataSource = await openReadStore(options.readStore);
  let commits = 0;
  const runner = new ProjectionRunner(store, dataSource, readSideProjectors(), { log: () => undefined, error: (m) => process.stderr.write(`${m}\n`) }, undefined, {
    locks: new SqliteFileLocks(options.locksDir),
    batchSize: options.batchSize,
    beforeCommit: () => {
      commits += 1;
      if (commits === options.killAtCommit) process.kill(process.pid, 'SIGKILL');
    },
  });
  await runner.start();
  process.stdout.write('caught up without being killed\n');
  process.exit(3);
}

void main();
