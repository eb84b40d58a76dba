import { quote } from '../../sql/sql';
import type { ProjectionContext } from '../projection-context';
import { Row, VersionedRows } from './versioned-rows';

export interface KeyedTableSpec {
  table: string;
  /** Primary key columns; the key of a row is their values joined. */
  key: readonly string[];
  columns: readonly string[];
  /** A column rows are looked up by as a group (`rowsOf`), e.g. every row of one record. */
  group?: string;
  /**
   * A table that keeps every version of every row in system time (`item_key`, `seq`, `sys_from`,
   * `sys_to` and the columns), for "what did the table hold at position P". With it, each `put`
   * and `remove` names the log position that made the change.
   */
  history?: { table: string; numeric?: readonly string[] };
}

/** The history table's key of a row: its key columns' values as a JSON array. */
export const HISTORY_KEY = 'item_key';

/**
 * Current-state rows (queues, indexes) changed in memory over a batch and written once at the
 * end: one SELECT for the rows the batch touches, one bulk upsert, one bulk delete — the same
 * statements whether the batch holds one event or a rebuild's fifty thousand.
 */
export class KeyedRows {
  private readonly rows = new Map<string, Row | null>();
  private readonly dirty = new Set<string>();
  private readonly groups = new Map<string, Set<string>>();
  /** Keys whose row is in the table (loaded from it, or written by an earlier flush). */
  private readonly stored = new Set<string>();
  /** With a history table: each change of the batch, in log order. */
  private readonly changes: Array<{ key: string; position: number; row: Row | null }> = [];

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
      this.stored.add(key);
      if (!this.rows.has(key)) this.remember(key, row);
    }
    return found.map((row) => this.rows.get(this.keyOf(row))).filter((row): row is Row => !!row);
  }

  get(key: string): Row | undefined {
    return this.rows.get(key) ?? undefined;
  }

  /** The loaded or put rows of a group (the spec's `group` column), e.g. every row of one record. */
  rowsOf(group: unknown): Row[] {
    return [...(this.groups.get(String(group)) ?? [])].map((key) => this.rows.get(key)).filter((row): row is Row => !!row);
  }

  put(row: Row, position?: number): void {
    const key = this.keyOf(row);
    this.remember(key, row);
    this.dirty.add(key);
    this.change(key, position, row);
  }

  private change(key: string, position: number | undefined, row: Row | null): void {
    if (!this.spec.history) return;
    if (position === undefined) throw new Error(`${this.spec.table}: a change of a table with history needs its log position`);
    this.changes.push({ key, position, row });
  }

  private remember(key: string, row: Row): void {
    this.rows.set(key, row);
    if (this.spec.group === undefined) return;
    const group = String(row[this.spec.group]);
    const keys = this.groups.get(group) ?? new Set<string>();
    keys.add(key);
    this.groups.set(group, keys);
  }

  /** Removes a row this batch loaded or put (rows not loaded are not known here). */
  remove(key: string, position?: number): void {
    if (!this.rows.get(key)) return;
    this.rows.set(key, null);
    this.dirty.add(key);
    this.change(key, position, null);
  }

  async flush(): Promise<void> {
    const table = this.context.table(this.spec.table);
    const upserts: unknown[][] = [];
    const deletes: string[][] = [];
    for (const key of this.dirty) {
      const row = this.rows.get(key);
      if (row) {
        upserts.push(this.spec.columns.map((c) => row[c] ?? null));
        this.stored.add(key);
      } else if (this.stored.delete(key)) {
        // A row put and removed within the batch never reached the table: nothing to delete.
        deletes.push(key.split('\u0000'));
      }
    }
    const update = this.spec.columns.filter((c) => !this.spec.key.includes(c));
    await this.context.sql.insert(table, this.spec.columns, upserts, { key: this.spec.key, update: update.length ? update : undefined });
    if (this.spec.key.length === 1) await this.context.sql.deleteIn(table, this.spec.key[0], deletes.map(([k]) => k));
    else {
      const match = `(${this.spec.key.map((c) => `${quote(c)} = ?`).join(' AND ')})`;
      for (let start = 0; start < deletes.length; start += 500) {
        const chunk = deletes.slice(start, start + 500);
        await this.context.sql.run(`DELETE FROM ${quote(table)} WHERE ${chunk.map(() => match).join(' OR ')}`, chunk.flat());
      }
    }
    this.dirty.clear();
    await this.flushHistory();
  }

  /** The batch's changes as versions of the history table, keyed by the row's key columns. */
  private async flushHistory(): Promise<void> {
    const history = this.spec.history;
    if (!history || this.changes.length === 0) return;
    const versions = new VersionedRows({ table: history.table, key: HISTORY_KEY, columns: this.spec.columns, numeric: history.numeric, closedKeys: true }, this.context);
    const itemKey = (key: string) => JSON.stringify(key.split('\u0000'));
    await versions.load(this.changes.map((change) => itemKey(change.key)));
    for (const { key, position, row } of this.changes) versions.set(itemKey(key), row ? [row] : [], position);
    await versions.flush();
    this.changes.length = 0;
  }
}
