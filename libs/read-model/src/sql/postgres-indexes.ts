import type { Sql } from './sql';

export interface PostgresIndex {
  table: string;
  /** In the index's order (not the table's, which is how TypeORM's getTable gives them). */
  columns: string[];
  primary: boolean;
}

/** PostgreSQL: the indexes of the current schema (of one table, if named), by name, from the catalogue. */
export async function postgresIndexes(sql: Sql, table?: string): Promise<Map<string, PostgresIndex>> {
  const rows = await sql.rows<{ name: string; table: string; column: string; primary: boolean }>(
    `SELECT i.relname AS name, t.relname AS "table", a.attname AS "column", x.indisprimary AS "primary"
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema() ${table === undefined ? '' : 'AND t.relname = ?'}
      ORDER BY i.relname, k.ord`,
    table === undefined ? [] : [table],
  );
  const indexes = new Map<string, PostgresIndex>();
  for (const row of rows) {
    const index = indexes.get(row.name) ?? { table: row.table, columns: [], primary: row.primary };
    index.columns.push(row.column);
    indexes.set(row.name, index);
  }
  return indexes;
}
