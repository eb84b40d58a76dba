import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const id = (name: string, primary = false): TableColumnOptions => ({ name, type: 'varchar', length: '140', isPrimary: primary, isNullable: !primary });
const date = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '10', isNullable: true });
const code = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '40', isNullable: true });
const position = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: false });

const WORK_QUEUE_TABLES = ['queue_records', 'objection_queue', 'rectification_queue', 'check_queue', 'accountability_queue'];

/**
 * Order and obligation ids are numbered per record (`order-1` of every record), so the queues key
 * them by record too. The work-queues projection is reset to replay from position 0 into the new
 * shape: a migration that changes a projection's tables rebuilds that projection.
 */
export class QueueKeys1763820000000 implements MigrationInterface {
  name = 'QueueKeys1763820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rectification_queue');
    await queryRunner.dropTable('accountability_queue');
    await queryRunner.createTable(
      new Table({
        name: 'rectification_queue',
        columns: [
          id('record_id', true),
          id('order_id', true),
          code('subject_kind'),
          id('subject_id'),
          id('institution_uscc'),
          date('ordered_on'),
          date('deadline'),
          code('status'),
          id('pending_report_id'),
          date('reported_on'),
          date('lapsed_on'),
          position('origin_position'),
        ],
        indices: [{ name: 'rectification_queue__deadline', columnNames: ['deadline'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'accountability_queue',
        columns: [
          id('record_id', true),
          id('obligation_id', true),
          id('institution_uscc'),
          id('person_id'),
          { name: 'name', type: 'varchar', length: '500', isNullable: true },
          code('role'),
          date('required_on'),
          position('origin_position'),
        ],
        indices: [{ name: 'accountability_queue__required', columnNames: ['required_on'] }],
      }),
    );
    for (const table of WORK_QUEUE_TABLES) await queryRunner.query(`DELETE FROM "${table}"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'work-queues'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of WORK_QUEUE_TABLES) await queryRunner.query(`DELETE FROM "${table}"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'work-queues'`);
  }
}
