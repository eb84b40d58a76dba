import type { DataSource, EntityManager } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres';

/** Anything TypeORM can run a raw query on: a DataSource, an EntityManager, a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export function dialectOf(source: DataSource | EntityManager): Dialect {
  const type = 'connection' in source ? source.connection.options.type : source.options.type;
  if (type === 'sqlite' || type === 'postgres') return type;
  throw new Error(`read store type ${type} is not supported`);
}

/** Bound values per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

export const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Raw SQL over either store. Statements are written once with `?` placeholders (turned into
 * `$n` for PostgreSQL) and plain ANSI SQL that both dialects accept: the projectors write in
 * bulk through here, so one code path serves SQLite and PostgreSQL.
 */
export class Sql {
  constructor(
    readonly target: Queryable,
    readonly dialect: Dialect,
  ) {}

  static of(source: DataSource | EntityManager): Sql {
    return new Sql(source, dialectOf(source));
  }

  async rows<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const result = await this.target.query(this.placeholders(sql), parameters);
    return (Array.isArray(result) ? result : []) as T[];
  }

  async run(sql: string, parameters: unknown[] = []): Promise<void> {
    await this.target.query(this.placeholders(sql), parameters);
  }

  /**
   * Multi-row INSERT in chunks. `conflict` makes it an upsert on the given key (`update`
   * columns take the new values, `set` columns the value of an expression over the stored row,
   * `${quote(table)}.col`, and the new one, `excluded.col`) or, without either, an insert that
   * keeps existing rows.
   */
  async insert(
    table: string,
    columns: readonly string[],
    rows: readonly unknown[][],
    conflict?: { key: readonly string[]; update?: readonly string[]; set?: Readonly<Record<string, string>> },
  ): Promise<void> {
    if (rows.length === 0) return;
    const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const tuple = `(${columns.map(() => '?').join(',')})`;
    let suffix = '';
    if (conflict) {
      const target = `(${conflict.key.map(quote).join(',')})`;
      const sets = [
        ...(conflict.update ?? []).map((c) => `${quote(c)} = excluded.${quote(c)}`),
        ...Object.entries(conflict.set ?? {}).map(([c, expression]) => `${quote(c)} = ${expression}`),
      ];
      suffix = sets.length ? ` ON CONFLICT ${target} DO UPDATE SET ${sets.join(', ')}` : ` ON CONFLICT ${target} DO NOTHING`;
    }
    const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(',')}) VALUES `;
    // SQLite: the rows go in as one JSON array, taken apart by SQLite itself (json_each) on its own
    // thread, instead of tens of thousands of parameters bound one by one on Node's main thread.
    // `WHERE true` keeps SQLite from reading ON CONFLICT as a join's ON.
    const fromJson =
      this.dialect === 'sqlite'
        ? `INSERT INTO ${quote(table)} (${columns.map(quote).join(',')}) SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?) WHERE true${suffix}`
        : undefined;
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      if (fromJson && chunk.every(jsonExact)) await this.run(fromJson, [JSON.stringify(chunk)]);
      else await this.run(head + chunk.map(() => tuple).join(',') + suffix, chunk.flat());
    }
  }

  /** `SELECT columns FROM table WHERE column IN (values)`, chunked. */
  async selectIn<T = Record<string, unknown>>(table: string, columns: string, column: string, values: readonly unknown[], extraWhere = ''): Promise<T[]> {
    const out: T[] = [];
    const unique = [...new Set(values)];
    for (let start = 0; start < unique.length; start += MAX_PARAMETERS) {
      const chunk = unique.slice(start, start + MAX_PARAMETERS);
      const [list, params] = this.inList(chunk);
      const where = `${quote(column)} IN ${list}${extraWhere ? ` AND ${extraWhere}` : ''}`;
      out.push(...(await this.rows<T>(`SELECT ${columns} FROM ${quote(table)} WHERE ${where}`, params)));
    }
    return out;
  }

  /** `DELETE FROM table WHERE column IN (values)`, chunked. */
  async deleteIn(table: string, column: string, values: readonly unknown[]): Promise<void> {
    const unique = [...new Set(values)];
    for (let start = 0; start < unique.length; start += MAX_PARAMETERS) {
      const chunk = unique.slice(start, start + MAX_PARAMETERS);
      const [list, params] = this.inList(chunk);
      await this.run(`DELETE FROM ${quote(table)} WHERE ${quote(column)} IN ${list}`, params);
    }
  }

  /** The right side of `IN` and its parameters: on SQLite one JSON array (as in `insert`). */
  private inList(values: readonly unknown[]): [string, unknown[]] {
    if (this.dialect === 'sqlite' && values.length > 1 && jsonExact(values)) return ['(SELECT value FROM json_each(?))', [JSON.stringify(values)]];
    return [`(${values.map(() => '?').join(',')})`, [...values]];
  }

  private placeholders(sql: string): string {
    if (this.dialect !== 'postgres') return sql;
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  }
}

/**
 * Whether SQLite reads a row's values back from its JSON exactly as it would bind them: text
 * (without lone surrogates, which binding and JSON would turn into different bytes), safe
 * integers, booleans (1/0 either way) and nulls. Anything else (fractions, dates, buffers) is bound.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** `String#isWellFormed` (Node 20): true when the string has no lone surrogate, without a regex scan. */
const isWellFormed: ((text: string) => boolean) | undefined =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : undefined;

function jsonExact(row: readonly unknown[]): boolean {
  for (const value of row) {
    if (value === null || value === undefined || typeof value === 'boolean') continue;
    if (typeof value === 'string') {
      if (isWellFormed ? !isWellFormed(value) : LONE_SURROGATE.test(value)) return false;
    } else if (!(typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0))) return false;
  }
  return true;
}

/** Positions come back from PostgreSQL's bigint as strings. */
export const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** PostgreSQL's lock_timeout ran out (lock_not_available, 55P03), from the driver or TypeORM's wrapper. */
export function isLockTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } })?.code ?? (error as { driverError?: { code?: unknown } })?.driverError?.code;
  return code === '55P03';
}
