import { quote } from '../../sql/sql';
import type { ProjectionContext } from '../projection-context';
import type { Row } from './versioned-rows';

export interface KeyedTableSpec {
  table: string;
  /** Primary key columns; the key of a row is their values joined. */
  key: readonly string[];
  columns: readonly string[];
}

/**
 * Current-state rows (queues, indexes) changed in memory over a batch and written once at the
 * end: one SELECT for the rows the batch touches, one bulk upsert, one bulk delete — the same
 * statements whether the batch holds one event or a rebuild's fifty thousand.
 */
export class KeyedRows {
  private readonly rows = new Map<string, Row | null>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly spec: KeyedTableSpec,
    private readonly context: ProjectionContext,
  ) {}

  keyOf(row: Row): string {
    return this.spec.key.map((c) => String(row[c])).join('\u0000');
  }

  /** Loads rows whose `column` is one of `values` (a key column, or any indexed column). */
  async loadBy(column: string, values: Iterable<unknown>): Promise<Row[]> {
    const wanted = [...new Set(values)];
    if (wanted.length === 0) return [];
    const found = await this.context.sql.selectIn<Row>(this.context.table(this.spec.table), this.spec.columns.map(quote).join(', '), column, wanted);
    for (const row of found) {
      const key = this.keyOf(row);
      if (!this.rows.has(key)) this.rows.set(key, row);
    }
    return found.map((row) => this.rows.get(this.keyOf(row))).filter((row): row is Row => !!row);
  }

  get(key: string): Row | undefined {
    return this.rows.get(key) ?? undefined;
  }

  /** The loaded or put rows matching a predicate (e.g. every row of one record). */
  where(match: (row: Row) => boolean): Row[] {
    return [...this.rows.values()].filter((row): row is Row => row !== null && match(row));
  }

  put(row: Row): void {
    const key = this.keyOf(row);
    this.rows.set(key, row);
    this.dirty.add(key);
  }

  remove(key: string): void {
    if (!this.rows.has(key)) return;
    this.rows.set(key, null);
    this.dirty.add(key);
  }

  async flush(): Promise<void> {
    const table = this.context.table(this.spec.table);
    const upserts: unknown[][] = [];
    const deletes: Row[] = [];
    for (const key of this.dirty) {
      const row = this.rows.get(key);
      if (row) upserts.push(this.spec.columns.map((c) => row[c] ?? null));
      else deletes.push(Object.fromEntries(this.spec.key.map((c, i) => [c, key.split('\u0000')[i]])));
    }
    const update = this.spec.columns.filter((c) => !this.spec.key.includes(c));
    await this.context.sql.insert(table, this.spec.columns, upserts, { key: this.spec.key, update: update.length ? update : undefined });
    if (this.spec.key.length === 1) await this.context.sql.deleteIn(table, this.spec.key[0], deletes.map((d) => d[this.spec.key[0]]));
    else {
      for (const d of deletes) {
        await this.context.sql.run(`DELETE FROM ${quote(table)} WHERE ${this.spec.key.map((c) => `${quote(c)} = ?`).join(' AND ')}`, this.spec.key.map((c) => d[c]));
      }
    }
    this.dirty.clear();
  }
}
