import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The deadline watcher's worklist keyed by record and order: order ids are numbered per record,
 * so keyed by order id alone a second record's `order-1` replaced the first's and that order
 * never lapsed. The table is rebuilt by replaying its projector from position 0.
 */
export class DeadlineKeys1763840000000 implements MigrationInterface {
  name = 'DeadlineKeys1763840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rectification_deadlines');
    await queryRunner.createTable(
      new Table({
        name: 'rectification_deadlines',
        columns: [
          { name: 'record_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'order_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'deadline', type: 'varchar', length: '10' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'on_time_reports', type: 'text', default: "'[]'" },
        ],
        indices: [{ name: 'rectification_deadlines_due', columnNames: ['status', 'deadline'] }],
      }),
    );
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'rectification-deadlines'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "rectification_deadlines"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'rectification-deadlines'`);
  }
}
