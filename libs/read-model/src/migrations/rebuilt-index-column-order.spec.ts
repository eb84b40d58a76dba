import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source';
import { READ_MODEL_MIGRATIONS } from './index';
import { Sql } from '../sql/sql';
import { indexColumns, openTestReadStore, runMigration, TestReadStore } from '../testing/read-store-harness';
import { MULTI_COLUMN_INDEXES, RebuiltIndexColumnOrder1764020000000 } from './1764020000000-rebuilt-index-column-order';
import { RegionOnListRows1764080000000 } from './1764080000000-region-on-list-rows';

const onPostgres = process.env.DATABASE_URL ? it : it.skip;

describe('migration: multi-column indexes in the order the migrations made them', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('index-order')));
  afterEach(async () => store.close());

  it('knows every multi-column index the migrations up to it made, in its order (a later migration changing an index does not change this one)', async () => {
    // Frozen like the migration itself: a store migrated up to and including it, not a current one.
    const upTo = READ_MODEL_MIGRATIONS.indexOf(RebuiltIndexColumnOrder1764020000000) + 1;
    expect(upTo).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'ledger-index-order-'));
    const then = new DataSource({ ...dataSourceOptions({ kind: 'sqlite', filename: join(dir, 'read-model.sqlite') }), migrations: READ_MODEL_MIGRATIONS.slice(0, upTo) });
    try {
      await then.initialize();
      await then.runMigrations({ transaction: 'all' });
      const made = await indexColumns(Sql.of(then));
      const multi = Object.fromEntries(Object.entries(made).filter(([, definition]) => definition.includes(',')));
      expect(multi).toEqual(Object.fromEntries(Object.entries(MULTI_COLUMN_INDEXES).map(([name, [table, columns]]) => [name, `${table}(${columns.join(', ')})`])));
    } finally {
      if (then.isInitialized) await then.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  onPostgres('puts back the order of the indexes a rebuild swapped in, under their names, and leaves the others alone', async () => {
    const sql = Sql.of(store.dataSource);
    // The store as it was when this migration ran: before a later one took the region into list indexes.
    await runMigration(store.dataSource, new RegionOnListRows1764080000000(), 'down');
    const fresh = await indexColumns(sql);
    // As a rebuild left them: its suffix on the name, the columns in the table's order.
    await sql.run(`DROP INDEX "rectification_deadlines_due"`);
    await sql.run(`CREATE INDEX "rectification_deadlines_due__r0a1b2c" ON "rectification_deadlines" ("deadline", "status")`);
    // (An index no later migration changed: this one puts back its own columns.)
    await sql.run(`DROP INDEX "award_bans__page"`);
    await sql.run(`CREATE INDEX "award_bans__page__r0a1b2c" ON "award_bans" ("ban_id", "sys_from", "sys_to", "subject_id", "starts_on", "active_from", "active_to")`);
    expect(await indexColumns(sql)).not.toEqual(fresh);

    await runMigration(store.dataSource, new RebuiltIndexColumnOrder1764020000000());
    expect(await indexColumns(sql)).toEqual(fresh);
    const names = await sql.rows<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%__r0a1b2c'`);
    expect(names.map((n) => n.name).sort()).toEqual(['award_bans__page__r0a1b2c', 'rectification_deadlines_due__r0a1b2c']);
  });
});
