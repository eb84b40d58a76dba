import { quote, toNumber } from '../../sql/sql';
import type { ProjectionContext } from '../projection-context';

/** `sys_to` of the version in force now: the largest position JavaScript counts exactly. */
export const OPEN_POSITION = Number.MAX_SAFE_INTEGER;

export type Row = Record<string, unknown>;

export interface VersionedTableSpec {
  table: string;
  /** The column naming what the rows are about (a ban, a listing, a source of grey-list reasons). */
  key: string;
  /** Data columns, in the order they are written (without key, seq, sys_from, sys_to). */
  columns: readonly string[];
  /** Data columns read back as numbers (PostgreSQL hands bigints out as strings). */
  numeric?: readonly string[];
  /**
   * Keys often have no rows in force (a queue item closed): load such keys' last closing position
   * too, so an event at or before it, applied again, makes no version (idempotent by position).
   */
  closedKeys?: boolean;
}

interface Version {
  sysFrom: number;
  sysTo: number;
  rows: Row[];
}

interface Current {
  rows: Row[];
  sysFrom: number;
  /** Whether this version is already in the table (else it waits in `pending`). */
  stored: boolean;
  signature: string;
}

/**
 * System time for a projection (domain.md §7): the rows of a key are kept per version, each
 * valid from the log position that produced it (`sys_from`) until the one that replaced it
 * (`sys_to`). "What did the list say at position P" is `sys_from <= P AND sys_to > P`; the
 * current list is `sys_to = OPEN_POSITION`. Versions are keyed by log position, so a batch of
 * one event or of fifty thousand writes the same rows.
 */
export class VersionedRows {
  private readonly current = new Map<string, Current>();
  private readonly pending = new Map<string, Version[]>();
  /** Stored versions closed in this batch: key → sys_to. */
  private readonly closes = new Map<string, number>();

  constructor(
    private readonly spec: VersionedTableSpec,
    private readonly context: ProjectionContext,
  ) {}

  /** Loads the current rows of the keys not loaded yet; call before `rows`/`set` for them. */
  async load(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !this.current.has(key));
    if (missing.length === 0) return;
    const table = this.context.table(this.spec.table);
    const found = await this.context.sql.selectIn<Row>(table, '*', this.spec.key, missing, `sys_to = ${OPEN_POSITION}`);
    const byKey = new Map<string, Row[]>();
    for (const raw of found.sort((a, b) => toNumber(a.seq) - toNumber(b.seq))) {
      const key = String(raw[this.spec.key]);
      byKey.set(key, [...(byKey.get(key) ?? []), raw]);
    }
    const closedAt = new Map<string, number>();
    const closed = missing.filter((key) => !byKey.has(key));
    if (this.spec.closedKeys && closed.length > 0) {
      for (const row of await this.context.sql.selectIn<Row>(table, `${quote(this.spec.key)} AS "key", sys_to`, this.spec.key, closed)) {
        closedAt.set(String(row.key), Math.max(closedAt.get(String(row.key)) ?? 0, toNumber(row.sys_to)));
      }
    }
    for (const key of missing) {
      const raws = byKey.get(key) ?? [];
      const rows = raws.map((raw) => this.dataOf(raw));
      this.current.set(key, { rows, sysFrom: raws.length ? toNumber(raws[0].sys_from) : (closedAt.get(key) ?? 0), stored: true, signature: this.signature(rows) });
    }
  }

  /** The key's rows in force now (after what this batch set so far). */
  rows(key: string): Row[] {
    const current = this.current.get(key);
    if (!current) throw new Error(`${this.spec.table}: key ${key} was not loaded`);
    return current.rows;
  }

  /** The position of the version in force now (0 when the key has no rows yet). */
  since(key: string): number {
    return this.current.get(key)?.sysFrom ?? 0;
  }

  /** What the key's rows are from `position` on; a version is only made when they change. */
  set(key: string, rows: Row[], position: number): void {
    const current = this.current.get(key);
    if (!current) throw new Error(`${this.spec.table}: key ${key} was not loaded`);
    const signature = this.signature(rows);
    if (signature === current.signature || position <= current.sysFrom) return;
    if (current.rows.length > 0) {
      if (current.stored) this.closes.set(key, position);
      else {
        const versions = this.pending.get(key)!;
        const last = versions[versions.length - 1];
        if (last.sysFrom === position) versions.pop();
        else last.sysTo = position;
      }
    }
    if (rows.length > 0) {
      const versions = this.pending.get(key) ?? [];
      versions.push({ sysFrom: position, sysTo: OPEN_POSITION, rows });
      this.pending.set(key, versions);
    }
    this.current.set(key, { rows, sysFrom: position, stored: false, signature });
  }

  /** Writes this batch's versions: closes the replaced stored ones, inserts the new ones. */
  async flush(): Promise<void> {
    const table = this.context.table(this.spec.table);
    const key = quote(this.spec.key);
    const closes = [...this.closes.entries()];
    for (let start = 0; start < closes.length; start += 500) {
      const chunk = closes.slice(start, start + 500);
      const cases = chunk.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ');
      await this.context.sql.run(
        `UPDATE ${quote(table)} SET sys_to = CASE ${key} ${cases} END WHERE sys_to = ${OPEN_POSITION} AND ${key} IN (${chunk.map(() => '?').join(',')})`,
        [...chunk.flat(), ...chunk.map(([k]) => k)],
      );
    }
    const columns = [this.spec.key, 'seq', 'sys_from', 'sys_to', ...this.spec.columns];
    const values: unknown[][] = [];
    for (const [k, versions] of this.pending) {
      for (const version of versions) {
        version.rows.forEach((row, seq) => values.push([k, seq, version.sysFrom, version.sysTo, ...this.spec.columns.map((c) => row[c] ?? null)]));
      }
    }
    await this.context.sql.insert(table, columns, values);
    this.closes.clear();
    this.pending.clear();
    for (const current of this.current.values()) current.stored = true;
  }

  private dataOf(raw: Row): Row {
    const numeric = new Set(this.spec.numeric ?? []);
    return Object.fromEntries(this.spec.columns.map((c) => [c, raw[c] === null || raw[c] === undefined ? null : numeric.has(c) ? toNumber(raw[c]) : raw[c]]));
  }

  private signature(rows: Row[]): string {
    return JSON.stringify(rows.map((row) => this.spec.columns.map((c) => row[c] ?? null)));
  }
}
