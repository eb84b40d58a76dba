import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEXES: Array<[table: string, name: string, columns: string[]]> = [
  // Counting a list on a date reads only the index; a page walks the index in its display order,
  // or (as known at a past position) sorts keys taken from the covering index alone.
  ['dishonest_list', 'dishonest_list__count', ['sys_to', 'valid_from', 'valid_to', 'domain', 'uscc', 'sys_from', 'listed_on', 'record_id']],
  ['dishonest_list', 'dishonest_list__page', ['sys_to', 'listed_on', 'record_id', 'valid_from', 'valid_to', 'sys_from', 'domain', 'uscc']],
  ['award_bans', 'award_bans__count', ['sys_to', 'active_from', 'active_to', 'subject_id', 'sys_from', 'starts_on', 'ban_id']],
  ['award_bans', 'award_bans__page', ['sys_to', 'starts_on', 'ban_id', 'active_from', 'active_to', 'sys_from', 'subject_id']],
  ['public_records', 'public_records__count', ['pub_from', 'pub_to', 'subject_kind', 'institution_uscc']],
  ['public_records', 'public_records__page', ['finding_on', 'record_id', 'pub_from', 'pub_to', 'subject_kind', 'institution_uscc']],
];

/**
 * Indexes that keep list queries at 100,000 institutions within a few milliseconds. The indexes
 * they supersede go (a rebuild may have given them other names already; those are left).
 */
export class ListIndexes1763830000000 implements MigrationInterface {
  name = 'ListIndexes1763830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name, columnNames] of INDEXES) await queryRunner.createIndex(table, new TableIndex({ name, columnNames }));
    for (const name of ['dishonest_list__current', 'award_bans__current', 'public_records__published']) await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [, name] of INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
  }
}
