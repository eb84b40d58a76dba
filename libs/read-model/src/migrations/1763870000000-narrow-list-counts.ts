import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEXES: Array<[table: string, name: string, columns: string[]]> = [
  // A list's total (no other filter) counts every version in force on the date: on these narrow
  // indexes, the range is the versions not ended before the date (valid_to / active_to >= D) and
  // each entry is four short columns, a quarter of the wide count index (kept for the filters).
  ['dishonest_list', 'dishonest_list__total', ['sys_to', 'valid_to', 'valid_from', 'sys_from']],
  ['award_bans', 'award_bans__total', ['sys_to', 'active_to', 'active_from', 'sys_from']],
];

/** Narrow covering indexes for the totals of the dishonest list and the award bans. */
export class NarrowListCounts1763870000000 implements MigrationInterface {
  name = 'NarrowListCounts1763870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name, columnNames] of INDEXES) await queryRunner.createIndex(table, new TableIndex({ name, columnNames }));
    // Without statistics on the new indexes SQLite keeps to the wide ones until the runner's next
    // ANALYZE; a sampled one of these two tables now (PostgreSQL: a plain one) is cheap.
    if (queryRunner.connection.options.type === 'sqlite') await queryRunner.query('PRAGMA analysis_limit = 1000');
    for (const [table] of INDEXES) await queryRunner.query(`ANALYZE "${table}"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [, name] of INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
  }
}
