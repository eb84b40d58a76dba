import type { StoredEvent } from '@app/event-store';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource, MigrationInterface } from 'typeorm';
import { openReadStore, ReadStoreOptions } from '../data-source';
import type { Projector } from '../projectors/projector';
import { commitBatch } from '../runner/projection-runner';
import { ensureCheckpoints } from '../runner/checkpoints';
import { Sql } from '../sql/sql';
import { postgresIndexes } from '../sql/postgres-indexes';

export interface TestReadStore {
  dataSource: DataSource;
  options: ReadStoreOptions;
  dir: string;
  close(): Promise<void>;
}

/**
 * A migrated read store for a test: PostgreSQL in a schema of its own when DATABASE_URL is set
 * (as CI runs), otherwise a SQLite file in a temp dir. `close` drops it.
 */
export async function openTestReadStore(label = 'rm'): Promise<TestReadStore> {
  const dir = mkdtempSync(join(tmpdir(), `ledger-${label}-`));
  const url = process.env.DATABASE_URL;
  const schema = url ? `${label.replace(/[^a-z0-9_]/gi, '_')}_${randomBytes(5).toString('hex')}`.toLowerCase() : undefined;
  const options: ReadStoreOptions = url ? { kind: 'postgres', url, schema } : { kind: 'sqlite', filename: join(dir, 'read-model.sqlite') };
  const dataSource = await openReadStore(options);
  return {
    dataSource,
    options,
    dir,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
      if (url && schema) await dropSchema(url, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

export interface EventSpec {
  streamId: string;
  type: string;
  data: object;
  recordedAt?: string;
}

/** Stored events as the log would hand them out: positions from `startAt`, revisions per stream. */
export function storedEvents(specs: EventSpec[], startAt = 1, defaultRecordedAt = '2026-01-05T02:00:00.000Z'): StoredEvent[] {
  const revisions = new Map<string, number>();
  return specs.map((spec, index) => {
    const revision = (revisions.get(spec.streamId) ?? -1) + 1;
    revisions.set(spec.streamId, revision);
    return {
      position: startAt + index,
      streamId: spec.streamId,
      revision,
      id: `e-${startAt + index}`,
      type: spec.type,
      data: spec.data as Record<string, unknown>,
      metadata: { recordedAt: spec.recordedAt ?? defaultRecordedAt, schemaVersion: 1, actor: { sub: 'test', role: 'credit-office' } },
    };
  });
}

/** Feeds events to projectors as the runner does: checkpointed batches of `batchSize`. */
export async function feed(dataSource: DataSource, projectors: Projector[], events: StoredEvent[], batchSize = 100): Promise<void> {
  await ensureCheckpoints(dataSource, projectors.map((p) => p.name));
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize);
    for (const projector of projectors) await commitBatch(dataSource, projector, batch);
  }
}

/** Every row of a table in a stable order, with numbers normalised across the two stores. */
export async function tableRows(source: DataSource | Sql, table: string): Promise<Record<string, unknown>[]> {
  const sql = source instanceof Sql ? source : Sql.of(source);
  const rows = await sql.rows<Record<string, unknown>>(`SELECT * FROM "${table}"`);
  const normalised = rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) && v.length <= 17 ? Number(v) : v])),
  );
  return normalised.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

/** The rows of several tables (each as `tableRows` gives them), to compare a store before and after. */
export function tablesRows(dataSource: DataSource, tables: readonly string[]): Promise<Record<string, unknown>[][]> {
  return Promise.all(tables.map((table) => tableRows(dataSource, table)));
}

/** Runs one step of a migration on the store, on a query runner of its own, as TypeORM does at start. */
export async function runMigration(dataSource: DataSource, migration: MigrationInterface, step: 'up' | 'down' = 'up'): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await migration[step](runner);
  } finally {
    await runner.release();
  }
}

/** DishonestyRecorded data of a SERIOUS institution record found 2026-03-20 (national profile, NDRC-2019-527). */
export function seriousInstitutionRecorded(recordId: string, uscc: string): Record<string, unknown> {
  return {
    recordId,
    subject: { kind: 'INSTITUTION', id: uscc },
    category: 'ARREARS_TO_ENTERPRISES',
    severity: 'SERIOUS',
    domain: 'GOVERNMENT_PROCUREMENT',
    occurredOn: '2026-03-01',
    description: '拖欠账款',
    finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: '罚〔2026〕1号', authority: '财政局', findingOn: '2026-03-20' },
    policyProfile: 'national',
    policyVersion: 'NDRC-2019-527',
  };
}

/** InstitutionListed data of that record's listing: listed 2026-04-11 under NDRC-2019-527. */
export function listedOn20260411(recordId: string, uscc: string): Record<string, unknown> {
  return { recordId, uscc, listedOn: '2026-04-11', policyVersion: 'NDRC-2019-527', minimumLastDay: '2026-10-11', publicationLastDay: '2029-04-11' };
}

/** Every index of the read store but primary keys, by its name without a rebuild's suffix: its table and its columns in order. */
export async function indexColumns(sql: Sql): Promise<Record<string, string>> {
  const found: Array<{ name: string; table: string; columns: string[] }> = [];
  if (sql.dialect === 'sqlite') {
    for (const index of await sql.rows<{ name: string; table: string }>(`SELECT name, tbl_name AS "table" FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)) {
      const columns = await sql.rows<{ name: string }>(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [index.name]);
      found.push({ ...index, columns: columns.map((c) => c.name) });
    }
  } else {
    for (const [name, index] of await postgresIndexes(sql)) if (!index.primary) found.push({ name, table: index.table, columns: index.columns });
  }
  return Object.fromEntries(
    found.filter((index) => !/^PK_|_pkey$/.test(index.name)).map((index) => [index.name.replace(/__r[0-9a-f]{6}$/, ''), `${index.table}(${index.columns.join(', ')})`]),
  );
}
