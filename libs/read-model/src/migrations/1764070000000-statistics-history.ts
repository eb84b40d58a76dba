import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const text = (name: string, length: string): TableColumnOptions => ({ name, type: 'varchar', length, isNullable: true });

/**
 * The statistics answer `knownAt` (domain.md §7): beside `stat_facts`, `stat_facts_history`
 * keeps every version of each fact from the log position that made it until the one that
 * changed it (a correction, a revocation). The statistics are replayed from position 0 so the
 * history is complete; the facts are the same after the replay.
 */
export class StatisticsHistory1764070000000 implements MigrationInterface {
  name = 'StatisticsHistory1764070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'stat_facts_history',
        columns: [
          { name: 'item_key', type: 'varchar', length: '400', isPrimary: true },
          { name: 'sys_from', type: 'bigint', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'sys_to', type: 'bigint' },
          { ...text('fact_id', '140'), isNullable: false },
          text('record_id', '140'),
          text('kind', '40'),
          text('on_date', '10'),
          text('institution_uscc', '140'),
          text('domain', '40'),
          text('category', '40'),
          { name: 'counted', type: 'integer', isNullable: true },
        ],
        indices: [{ name: 'stat_facts_history__known', columnNames: ['sys_to', 'sys_from'] }],
      }),
    );
    await queryRunner.query(`DELETE FROM "stat_facts"`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'statistics'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stat_facts_history"`);
  }
}
