import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The deadline watcher's worklist and the sagas' checkpoints. */
export class ProcessManagers1763780000000 implements MigrationInterface {
  name = 'ProcessManagers1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rectification_deadlines',
        columns: [
          { name: 'order_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'record_id', type: 'varchar', length: '100' },
          { name: 'deadline', type: 'varchar', length: '10' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'on_time_reports', type: 'text', default: "'[]'" },
        ],
        indices: [{ name: 'rectification_deadlines_open', columnNames: ['status', 'deadline'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'process_checkpoints',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('process_checkpoints');
    await queryRunner.dropTable('rectification_deadlines');
  }
}
