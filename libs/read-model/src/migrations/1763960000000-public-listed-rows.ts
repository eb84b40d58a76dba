import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The public view's count is two disjoint parts: the published rows (on public_records__count, as
 * before) and the rows public through their listing alone (on this listing index); its pages walk
 * the page index in display order, which now covers the listing's span too.
 */
const INDEXES: Array<[name: string, columns: string[]]> = [
  ['public_records__listed', ['listed_from', 'listed_to', 'pub_from', 'pub_to', 'subject_kind', 'institution_uscc']],
  ['public_records__public_page', ['finding_on', 'record_id', 'pub_from', 'pub_to', 'listed_from', 'listed_to', 'subject_kind', 'institution_uscc']],
];

/** The index it supersedes, with its columns (for down). */
const SUPERSEDED: Array<[name: string, columns: string[]]> = [['public_records__page', ['finding_on', 'record_id', 'pub_from', 'pub_to', 'subject_kind', 'institution_uscc']]];

async function indexNames(queryRunner: QueryRunner, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> =
    queryRunner.connection.options.type === 'sqlite'
      ? await queryRunner.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, [table])
      : await queryRunner.query(`SELECT indexname AS name FROM pg_indexes WHERE tablename = $1 AND schemaname = current_schema()`, [table]);
  return rows.map((row) => row.name);
}

/** Drops an index by name, and the copies a rebuild made of it (a `__r<token>` suffix). */
async function dropIndex(queryRunner: QueryRunner, name: string): Promise<void> {
  for (const found of await indexNames(queryRunner, 'public_records')) {
    if (found === name || new RegExp(`^${name}__r[0-9a-f]{6}$`).test(found)) await queryRunner.query(`DROP INDEX IF EXISTS "${found}"`);
  }
}

/**
 * A public record row is public on D while the record is in publication or while its listing is
 * on the serious-dishonesty list (a MINOR record's listing, a listing that outlasts the record's
 * publication), as the public list shows it; its publication_last_day is the later of the two.
 * The rows gain the listing's span (listed_from, listed_to); the rows of listed records are
 * worked out again (their rows and states are removed and the public-disclosure projection
 * replays the log: every other record is at its position already and is skipped).
 */
export class PublicListedRows1763960000000 implements MigrationInterface {
  name = 'PublicListedRows1763960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table.
    await queryRunner.query(`ALTER TABLE "public_records" ADD COLUMN "listed_from" varchar(10)`);
    await queryRunner.query(`ALTER TABLE "public_records" ADD COLUMN "listed_to" varchar(10)`);
    for (const [name, columnNames] of INDEXES) await queryRunner.createIndex('public_records', new TableIndex({ name, columnNames }));
    for (const [name] of SUPERSEDED) await dropIndex(queryRunner, name);
    if (queryRunner.connection.options.type === 'sqlite') await queryRunner.query('PRAGMA analysis_limit = 1000');
    await queryRunner.query(`ANALYZE "public_records"`);
    const listed: unknown[] = await queryRunner.query(`SELECT "record_id" FROM "public_records" WHERE "listed_on" IS NOT NULL`);
    if (listed.length === 0) return;
    await queryRunner.query(`DELETE FROM "public_record_states" WHERE "stream_id" IN (SELECT 'record-' || "record_id" FROM "public_records" WHERE "listed_on" IS NOT NULL)`);
    await queryRunner.query(`DELETE FROM "public_records" WHERE "listed_on" IS NOT NULL`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'public-disclosure'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, columnNames] of SUPERSEDED) await queryRunner.createIndex('public_records', new TableIndex({ name, columnNames }));
    for (const [name] of INDEXES) await dropIndex(queryRunner, name);
    await queryRunner.query(`ALTER TABLE "public_records" DROP COLUMN "listed_to"`);
    await queryRunner.query(`ALTER TABLE "public_records" DROP COLUMN "listed_from"`);
    // The rows stay: the older code selects them by the record's publication only.
  }
}
