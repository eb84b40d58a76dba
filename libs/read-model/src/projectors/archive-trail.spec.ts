import fc from 'fast-check';
import { Sql, quote } from '../sql/sql';
import { openTestReadStore, TestReadStore } from '../testing/read-store-harness';
import { trailAppend } from './archive.projector';

/** The archive writes only a batch's trail entries; the store appends them to the stored trail. */
describe('archive trail append (in the read store, SQLite or PostgreSQL)', () => {
  let store: TestReadStore;
  let sql: Sql;
  const table = 'trail_append_check';

  beforeAll(async () => {
    store = await openTestReadStore('trail');
    sql = Sql.of(store.dataSource);
    await sql.run(`CREATE TABLE ${quote(table)} ("k" varchar(20) NOT NULL PRIMARY KEY, "trail" text NOT NULL)`);
  });
  afterAll(() => store.close());

  const entry = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({ position: fc.nat(), type: fc.constantFrom('DishonestyRecorded', '失信'), note: fc.string({ unit: 'grapheme' }) }),
  );

  it('stores the text of the whole trail, batch after batch', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(entry, { maxLength: 4 }), { minLength: 1, maxLength: 4 }), async (batches) => {
        run += 1;
        const k = `k${run}`;
        for (const batch of batches) {
          await sql.insert(table, ['k', 'trail'], [[k, JSON.stringify(batch)]], { key: ['k'], set: { trail: trailAppend(quote(table)) } });
        }
        const [row] = await sql.rows<{ trail: string }>(`SELECT "trail" FROM ${quote(table)} WHERE "k" = ?`, [k]);
        expect(row.trail).toBe(JSON.stringify(batches.flat()));
        expect(JSON.parse(row.trail)).toEqual(JSON.parse(JSON.stringify(batches.flat())));
      }),
      { numRuns: 150 },
    );
  });
});
