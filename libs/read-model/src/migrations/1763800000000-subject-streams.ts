import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The subject → streams index and the position ↔ recordedAt table behind `knownAt`. */
export class SubjectStreams1763800000000 implements MigrationInterface {
  name = 'SubjectStreams1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'subject_streams',
        columns: [
          { name: 'subject_kind', type: 'varchar', length: '20', isPrimary: true },
          { name: 'subject_id', type: 'varchar', length: '128', isPrimary: true },
          { name: 'stream_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'relation', type: 'varchar', length: '20' },
          { name: 'first_position', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'log_instants',
        columns: [
          { name: 'position', type: 'bigint', isPrimary: true },
          { name: 'recorded_at', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'log_instants_recorded_at', columnNames: ['recorded_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('log_instants');
    await queryRunner.dropTable('subject_streams');
  }
}
