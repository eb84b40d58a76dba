import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The multi-column indexes of the read models, with their columns in the order the migrations
 * made them (the leading columns are what the list queries seek on).
 */
export const MULTI_COLUMN_INDEXES: Readonly<Record<string, readonly [table: string, columns: readonly string[]]>> = {
  archive_documents__subject: ['archive_documents', ['subject_kind', 'subject_id']],
  award_bans__count: ['award_bans', ['sys_to', 'active_from', 'active_to', 'subject_id', 'sys_from', 'starts_on', 'ban_id']],
  award_bans__page: ['award_bans', ['sys_to', 'starts_on', 'ban_id', 'active_from', 'active_to', 'sys_from', 'subject_id']],
  award_bans__total: ['award_bans', ['sys_to', 'active_to', 'active_from', 'sys_from']],
  dishonest_list__count: ['dishonest_list', ['sys_to', 'valid_from', 'valid_to', 'domain', 'uscc', 'sys_from', 'listed_on', 'record_id']],
  dishonest_list__page: ['dishonest_list', ['sys_to', 'listed_on', 'record_id', 'valid_from', 'valid_to', 'sys_from', 'domain', 'uscc']],
  dishonest_list__total: ['dishonest_list', ['sys_to', 'valid_to', 'valid_from', 'sys_from']],
  exemplars__count: ['exemplars', ['sys_to', 'active_from', 'active_to', 'sys_from']],
  exemplars__page: ['exemplars', ['sys_to', 'designated_on', 'exemplar_id', 'active_from', 'active_to', 'sys_from', 'seq']],
  grey_list__page: ['grey_list', ['sys_to', 'uscc', 'valid_from', 'valid_to', 'sys_from']],
  log_instants__latest: ['log_instants', ['latest_recorded_at', 'position']],
  public_records__count: ['public_records', ['pub_from', 'pub_to', 'subject_kind', 'institution_uscc']],
  public_records__listed: ['public_records', ['listed_from', 'listed_to', 'pub_from', 'pub_to', 'subject_kind', 'institution_uscc']],
  public_records__public_page: ['public_records', ['finding_on', 'record_id', 'pub_from', 'pub_to', 'listed_from', 'listed_to', 'subject_kind', 'institution_uscc']],
  rectification_deadlines_due: ['rectification_deadlines', ['status', 'deadline']],
};

/**
 * PostgreSQL: `ledger rebuild` gave the fresh tables' multi-column indexes their columns in the
 * table's order, not the index's (TypeORM reads them so), and swapped them in: `(status, deadline)`
 * became `(deadline, status)`, and the list indexes no longer led with `sys_to`. The rebuild now
 * keeps the order; this puts back the order of every such index a rebuild left, under its own
 * name. SQLite was not affected, and indexes in the right order are left alone.
 */
export class RebuiltIndexColumnOrder1764020000000 implements MigrationInterface {
  name = 'RebuiltIndexColumnOrder1764020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    // The catalogue query of sql/postgres-indexes.ts, written out: a migration does not change with the code.
    const rows: Array<{ name: string; table: string; column: string }> = await queryRunner.query(
      `SELECT i.relname AS name, t.relname AS "table", a.attname AS "column"
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = current_schema() AND NOT x.indisprimary
        ORDER BY i.relname, k.ord`,
    );
    const found = new Map<string, { table: string; columns: string[] }>();
    for (const row of rows) {
      const index = found.get(row.name) ?? { table: row.table, columns: [] };
      index.columns.push(row.column);
      found.set(row.name, index);
    }
    for (const [name, { table, columns }] of found) {
      const intended = MULTI_COLUMN_INDEXES[name.replace(/__r[0-9a-f]{6}$/, '')];
      if (!intended || intended[0] !== table || intended[1].join(',') === columns.join(',')) continue;
      await queryRunner.query(`DROP INDEX "${name}"`);
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" (${intended[1].map((c) => `"${c}"`).join(', ')})`);
    }
  }

  async down(): Promise<void> {
    // Nothing to undo: the order put back is the one the migrations made.
  }
}
