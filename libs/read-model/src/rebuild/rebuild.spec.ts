import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from '../projectors/projection-context';
import type { Projector } from '../projectors/projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { feed, indexColumns, openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { Sql } from '../sql/sql';
import { openReadStore } from '../data-source';
import { rebuildProjections } from './rebuild';
import { EventLedger, SqliteEventStore } from '@app/event-store';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSideProjectors } from '../projectors/read-side.projectors';
import { allProjectors } from '../index';
import { LedgerScenario } from '../workload/ledger-scenario';
import { scenarioArbitrary, SETUP_INTENTS } from '../testing/scenario.arbitraries';
import { openTestLog } from '../testing/event-log';

const events = storedEvents(
  Array.from({ length: 30 }, (_, i) => ({
    streamId: `institution-u${i}`,
    type: 'InstitutionRegistered',
    data: { uscc: `u${i}`, name: `机构${i}`, kind: 'GOVERNMENT_ORGAN', regionCode: '370100' },
  })),
);

/** Writes its table, then fails on the batch holding `failAt` (after the other projectors' statements were sent). */
class FailingProjector implements Projector {
  readonly name = 'failing';
  readonly tables = ['log_instants'];

  constructor(private readonly failAt: number) {}

  async apply(batch: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    await context.sql.insert(context.table('log_instants'), ['position', 'recorded_at'], batch.map((e) => [e.position, 'x']));
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (batch.some((e) => e.position === this.failAt)) throw new Error(`failed at ${this.failAt}`);
  }
}

async function tableNames(sql: Sql): Promise<string[]> {
  const rows =
    sql.dialect === 'sqlite'
      ? await sql.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await sql.rows<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`);
  return rows.map((r) => r.name).sort();
}

async function indexNames(sql: Sql, table: string): Promise<string[]> {
  const rows =
    sql.dialect === 'sqlite'
      ? await sql.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table])
      : await sql.rows<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?`, [
          table,
        ]);
  // Primary keys are not what this is about (PostgreSQL lists them as indexes).
  return rows
    .map((r) => r.name.replace(/__r[0-9a-f]{6}$/, ''))
    .filter((name) => !/^PK_|_pkey$/.test(name))
    .sort();
}

/** Writes nothing; notes which indexes its fresh table has while a batch is applied. */
class IndexSpy implements Projector {
  readonly name = 'index-spy';
  readonly tables = ['stat_facts'];
  readonly lookupIndexes = ['stat_facts__record'];
  readonly seen: string[][] = [];

  async apply(_batch: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    this.seen.push(await indexNames(context.sql, context.table('stat_facts')));
  }
}

/**
 * Reads its fresh table, lets another connection write the live tables (as the service's live
 * projector does while `ledger rebuild` runs in a process of its own), then writes.
 */
class ReadsWhileOthersWrite implements Projector {
  readonly name = 'reads-while-others-write';
  readonly tables = ['log_instants'];
  readonly others: Promise<unknown>[] = [];

  constructor(private readonly other: Sql) {}

  async apply(batch: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    await context.sql.rows(`SELECT count(*) AS n FROM "${context.table('log_instants')}"`);
    const at = batch[0].position;
    this.others.push(this.other.insert('log_instants', ['position', 'recorded_at'], [[at, 'live']], { key: ['position'] }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await context.sql.insert(context.table('log_instants'), ['position', 'recorded_at'], batch.map((e) => [e.position, 'rebuilt']));
  }
}

describe('rebuildProjections', () => {
  let store: TestReadStore;
  /** The embedded log holding `events`, in the read store's temp dir. */
  let log: SqliteEventStore;

  beforeEach(async () => {
    store = await openTestReadStore('rebuild');
    log = await openTestLog(store.dir, events);
  });

  afterEach(async () => {
    await log.close();
    await store.close();
  });

  it('applies a batch to its projectors side by side and gives each the rows a live feed gives', async () => {
    const live = await openTestReadStore('rebuild-live');
    try {
      await feed(live.dataSource, [new SubjectStreamsProjector()], await log.readAll(), 7);
      await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: [new SubjectStreamsProjector()], batchSize: 4 });
      expect(await tableRows(store.dataSource, 'subject_streams')).toEqual(await tableRows(live.dataSource, 'subject_streams'));
      expect(await tableRows(store.dataSource, 'subject_streams')).toHaveLength(events.length);
    } finally {
      await live.close();
    }
  });

  it('when one projector fails, waits for the others, keeps the live tables and leaves no fresh table behind', async () => {
    const sql = Sql.of(store.dataSource);
    await feed(store.dataSource, [new SubjectStreamsProjector()], events.slice(0, 5));
    const before = await tableRows(store.dataSource, 'subject_streams');
    const tables = await tableNames(sql);

    await expect(
      rebuildProjections({ store: log, dataSource: store.dataSource, projectors: [new SubjectStreamsProjector(), new FailingProjector(20)], batchSize: 8 }),
    ).rejects.toThrow('failed at 20');

    expect(await tableRows(store.dataSource, 'subject_streams')).toEqual(before);
    expect(await tableNames(sql)).toEqual(tables);
    // The connection is usable afterwards: no statement of the failed batch is still running.
    await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: [new SubjectStreamsProjector()] });
    expect(await tableRows(store.dataSource, 'subject_streams')).toHaveLength(events.length);
  });

  it('gives the swapped-in tables the indexes the migrations made, each with its columns in their order', async () => {
    const sql = Sql.of(store.dataSource);
    const before = await indexColumns(sql);
    // A multi-column index whose order is not the table's: the deadline watcher's (status, deadline).
    expect(before.rectification_deadlines_due).toBe('rectification_deadlines(status, deadline)');
    await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: allProjectors() });
    expect(await indexColumns(sql)).toEqual(before);
  });

  it('builds the indexes a projector looks rows up by before loading, the others after', async () => {
    const spy = new IndexSpy();
    await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: [spy], batchSize: 10 });
    expect(spy.seen).toHaveLength(3);
    for (const names of spy.seen) expect(names).toEqual(['stat_facts__record']);
    expect(await indexNames(Sql.of(store.dataSource), 'stat_facts')).toEqual(['stat_facts__on', 'stat_facts__record']);
  });

  it('takes the write lock before a batch reads: another connection writing meanwhile waits instead of leaving it a stale snapshot', async () => {
    const other = await openReadStore(store.options);
    try {
      const projector = new ReadsWhileOthersWrite(Sql.of(other));
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the rebuild did not finish within 10 s')), 10_000).unref());
      await Promise.race([rebuildProjections({ store: log, dataSource: store.dataSource, projectors: [projector], batchSize: 10 }), timeout]);
      await Promise.all(projector.others);
      // The other connection's rows went to the tables live then; the swap replaced them.
      expect((await tableRows(store.dataSource, 'log_instants')).map((r) => r.recorded_at)).toEqual(events.map(() => 'rebuilt'));
    } finally {
      await other.destroy();
    }
  });
});

/** Worker threads (SQLite read store and embedded log): the same tables as one thread, whatever the split. */
describe('rebuildProjections with worker threads', () => {
  const TODAY = '2026-11-22';
  const script = join(__dirname, '../testing/rebuild.worker.ts');
  const tables = readSideProjectors().flatMap((p) => [...(p.tables ?? [])]);
  let dir: string;
  let log: SqliteEventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-workers-'));
    log = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    const ledger = new EventLedger(log, { now: () => new Date(`${TODAY}T02:00:00.000Z`) });
    let commands = 0;
    const scenario = new LedgerScenario(
      async (streamId, events, expected) => {
        commands += 1;
        await ledger.append(streamId, events, expected, { commandId: `w-${commands}`, actor: { sub: 'generator', role: 'credit-office' } });
      },
      TODAY,
      'w',
    );
    const [intents] = fc.sample(scenarioArbitrary(700, 700), { numRuns: 1, seed: 20261206 });
    await scenario.run([...SETUP_INTENTS, ...intents]);
  });
  afterAll(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rebuildInto = async (name: string, groups?: string[][], batchSize = 97) => {
    const dataSource = await openReadStore({ kind: 'sqlite', filename: join(dir, `${name}.sqlite`) });
    try {
      await rebuildProjections({
        store: log,
        dataSource,
        projectors: readSideProjectors(),
        batchSize,
        workers: groups && { script, logFile: join(dir, 'events.sqlite'), groups },
      });
      const sql = Sql.of(dataSource);
      return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await tableRows(sql, table)] as const)));
    } finally {
      await dataSource.destroy();
    }
  };

  it('fills every table as a rebuild on one thread does, and leaves no scratch file behind', async () => {
    const head = await log.headPosition();
    expect(head).toBeGreaterThan(600);
    const single = await rebuildInto('single');
    expect(Object.values(single).every((rows) => rows.length > 0)).toBe(true);
    expect(await rebuildInto('split', [['grey-list', 'public-disclosure'], ['subject-streams', 'archive', 'no-such-projector']], 113)).toEqual(single);
    // Everything on workers: this thread only copies and swaps.
    expect(await rebuildInto('all-out', [readSideProjectors().map((p) => p.name)], 500)).toEqual(single);
    expect(readdirSync(dir).filter((f) => f.includes('.rebuild-'))).toEqual([]);
  }, 120_000);

  /** The rebuild fails with `message`; the store keeps the tables it had and no scratch file is left. */
  const expectCleanFailure = async (name: string, options: Omit<Parameters<typeof rebuildProjections>[0], 'dataSource'>, message: string | RegExp) => {
    const dataSource = await openReadStore({ kind: 'sqlite', filename: join(dir, `${name}.sqlite`) });
    try {
      const sql = Sql.of(dataSource);
      const before = await tableNames(sql);
      await expect(rebuildProjections({ ...options, dataSource })).rejects.toThrow(message);
      expect(await tableNames(sql)).toEqual(before);
      expect(readdirSync(dir).filter((f) => f.includes('.rebuild-'))).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  };

  it('fails as a whole when a worker fails: the live tables stay, no fresh table or scratch file is left', async () => {
    // A log that ends before the head the rebuild saw: the worker must not hand over short tables.
    const short = await SqliteEventStore.open({ filename: join(dir, 'short.sqlite'), synchronous: 'OFF' });
    await short.close();
    const workers = { script, logFile: join(dir, 'short.sqlite'), groups: [['grey-list']] };
    await expectCleanFailure('failing', { store: log, projectors: readSideProjectors(), workers }, /ends at position 0, before/);
  }, 60_000);

  it('stops its workers when this thread fails: they close their files, nothing is left behind', async () => {
    const projectors = [...readSideProjectors().filter((p) => p.name !== 'log-instants'), new FailingProjector(50)];
    const workers = { script, logFile: join(dir, 'events.sqlite'), groups: [['grey-list', 'public-disclosure']] };
    await expectCleanFailure('failing-here', { store: log, projectors, batchSize: 20, workers }, 'failed at 50');
  }, 60_000);
});
