import { SqliteEventStore, StoredEvent } from '@app/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openReadStore } from '../data-source';
import type { Projector } from '../projectors/projector';
import { openTestReadStore, TestReadStore } from '../testing/read-store-harness';
import { readCheckpoints } from './checkpoints';
import { ProjectionRunner } from './projection-runner';
import { eventually, recordingLogger, registerInstitutions, registration } from '../testing/runner-fixtures';

class Recording implements Projector {
  applied: number[] = [];
  constructor(
    readonly name: string,
    private readonly delayMs = 0,
  ) {}
  async apply(events: StoredEvent[]): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    this.applied.push(...events.map((e) => e.position));
  }
}

/**
 * One migration (run by another process) resets two projectors at once, as 1763970000000 does
 * dishonest-list and public-disclosure: the first one's batch notices it, and the runner must not
 * go on with the later one at the stored position inside the batch it was handling (it would
 * commit the new events only and set its checkpoint past the ones it never replayed).
 */
describe('ProjectionRunner: several checkpoints moved back at once while live', () => {
  let readStore: TestReadStore;
  let other: DataSource;
  let store: SqliteEventStore;
  let runner: ProjectionRunner | undefined;
  const logger = recordingLogger();
  const { lines } = logger;

  beforeEach(async () => {
    lines.length = 0;
    readStore = await openTestReadStore('moved_together');
    other = await openReadStore(readStore.options);
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    await other.destroy();
    await readStore.close();
    rmSync(readStore.dir, { recursive: true, force: true });
  });

  const all = Array.from({ length: 11 }, (_, i) => i + 1);

  it.each([
    ['a slow projector between them', (a: Recording, c: Recording) => [a, new Recording('pb', 300), c]],
    ['several quick projectors between them', (a: Recording, c: Recording) => [a, new Recording('pb'), ...[1, 2, 3, 4, 5, 6].map((i) => new Recording(`pm${i}`)), c]],
  ])('replays both from the stored position, skipping nothing (%s)', async (_, arrange) => {
    await registerInstitutions(store, 1, 10);
    const a = new Recording('pa');
    const c = new Recording('pc');
    runner = new ProjectionRunner(store, readStore.dataSource, arrange(a, c), logger, undefined, { lockRetryMs: 60_000 });
    await runner.start();
    expect(c.applied).toEqual(all.slice(0, 10));

    await other.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" IN ('pa', 'pc')`);
    a.applied = [];
    c.applied = [];
    await store.append('institution-u11', [registration(11)], 'no_stream');

    await eventually('pa and pc to replay', () => [a.applied.length, c.applied.length], ([x, y]) => x >= 11 && y >= 11);
    await new Promise((r) => setTimeout(r, 200));
    expect([...a.applied].sort((x, y) => x - y)).toEqual(all);
    expect([...c.applied].sort((x, y) => x - y)).toEqual(all);
    expect(runner.status().every((s) => s.position === 11 && !s.failed)).toBe(true);
    const stored = await readCheckpoints(readStore.dataSource);
    expect([...stored.values()].every((p) => p === 11)).toBe(true);
  });
});
