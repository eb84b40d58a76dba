import { openTestReadStore, TestReadStore } from '../testing/read-store-harness';
import { OPEN_POSITION } from '../projectors/support/versioned-rows';
import { Sql } from './sql';

const COLUMNS = ['k', 'label', 'n', 'flag'] as const;

/**
 * Values of every kind the projectors write (booleans only on SQLite, where they are 1 and 0). On SQLite, `insert` hands rows over as one JSON
 * array; rows JSON cannot carry exactly (fractions, lone surrogates, -0) are bound as parameters.
 */
const ROWS: unknown[][] = [
  ['a', '济南高新区管委会', 0, true],
  ['b', 'emoji 😀 and "quotes", \\ backslash,\nnewline\ttab', -5, false],
  ['c', '{"looks":["like","json"]}', OPEN_POSITION, null],
  ['d', '123', 123, undefined],
  ['e', null, null, null],
  ['f', '', 1, 1],
  ['g', 'lone \ud83d surrogate', 2, 0],
  ['h', 'fraction', 1.5, true],
  ['i', 'minus zero', -0, true],
  ['j', "it's", 9_007_199_254_740_990, false],
];

/** PostgreSQL's bigint takes no fraction and its integer no boolean. */
const forPostgres = (rows: unknown[][]) => rows.filter((row) => row[2] !== 1.5).map((row) => row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));

describe('Sql (bulk statements on the read store)', () => {
  let store: TestReadStore;
  let sql: Sql;

  beforeEach(async () => {
    store = await openTestReadStore('sql');
    sql = Sql.of(store.dataSource);
    for (const table of ['bulk', 'one_by_one']) {
      await sql.run(`CREATE TABLE ${table} (k varchar(10) PRIMARY KEY, label varchar(200), n bigint, flag integer)`);
    }
  });

  afterEach(async () => {
    await store.close();
  });

  /** Every row with its values' types (SQLite's storage class; PostgreSQL's through the driver). */
  async function contents(table: string) {
    const typed = sql.dialect === 'sqlite' ? ', typeof(label) AS tl, typeof(n) AS tn, typeof(flag) AS tf' : '';
    return sql.rows(`SELECT k, label, n, flag${typed} FROM ${table} ORDER BY k`);
  }

  it('writes what binding each value writes, whichever way the rows travel', async () => {
    const rows = sql.dialect === 'sqlite' ? ROWS : forPostgres(ROWS);
    await sql.insert('bulk', COLUMNS, rows);
    for (const row of rows) await sql.run('INSERT INTO one_by_one (k, label, n, flag) VALUES (?, ?, ?, ?)', row);
    const bulk = await contents('bulk');
    expect(bulk).toEqual(await contents('one_by_one'));
    expect(bulk).toHaveLength(rows.length);
  });

  it('keeps the first row of a key with DO NOTHING and the last with DO UPDATE, within one statement too', async () => {
    const rows = [
      ['x', 'first', 1, 0],
      ['y', 'only', 2, 0],
      ['x', 'second', 3, 1],
    ];
    await sql.insert('bulk', COLUMNS, [['x', 'stored', 0, 0]]);
    await sql.insert('bulk', COLUMNS, rows, { key: ['k'] });
    expect((await sql.rows<{ k: string; label: string }>('SELECT k, label FROM bulk ORDER BY k')).map((r) => [r.k, r.label])).toEqual([
      ['x', 'stored'],
      ['y', 'only'],
    ]);
    // PostgreSQL refuses to update one row twice in a statement (the projectors never ask it to).
    if (sql.dialect !== 'sqlite') return;
    await sql.insert('one_by_one', COLUMNS, rows, { key: ['k'], update: ['label', 'n', 'flag'] });
    expect((await sql.rows<{ k: string; label: string }>('SELECT k, label FROM one_by_one ORDER BY k')).map((r) => [r.k, r.label])).toEqual([
      ['x', 'second'],
      ['y', 'only'],
    ]);
  });

  it('selects and deletes by a list of keys, text that looks like numbers included', async () => {
    await sql.insert('bulk', COLUMNS, forPostgres(ROWS));
    const keys = ['a', 'c', 'd', 'g', 'zz'];
    const found = await sql.selectIn<{ k: string }>('bulk', 'k', 'k', keys);
    expect(found.map((r) => r.k).sort()).toEqual(['a', 'c', 'd', 'g']);
    const byLabel = await sql.selectIn<{ k: string }>('bulk', 'k', 'label', ['123', '济南高新区管委会', 'lone \ud83d surrogate']);
    expect(byLabel.map((r) => r.k).sort()).toEqual(['a', 'd', 'g']);
    await sql.deleteIn('bulk', 'k', ['b', 'd', 'nope']);
    expect((await sql.rows<{ k: string }>('SELECT k FROM bulk ORDER BY k')).map((r) => r.k)).toEqual(['a', 'c', 'e', 'f', 'g', 'i', 'j']);
  });

  it('writes tens of thousands of rows in chunks', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => [`r${i}`, `label ${i}`, i * 7, i % 2]);
    await sql.insert('bulk', COLUMNS, rows);
    const [{ count, total }] = await sql.rows<{ count: unknown; total: unknown }>('SELECT COUNT(*) AS count, SUM(n) AS total FROM bulk');
    expect(Number(count)).toBe(25_000);
    expect(Number(total)).toBe(rows.reduce((sum, row) => sum + (row[2] as number), 0));
  });
});
