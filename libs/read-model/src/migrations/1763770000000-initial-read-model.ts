import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Projection checkpoints and the institution archive. Table API, so one migration serves SQLite and PostgreSQL. */
export class InitialReadModel1763770000000 implements MigrationInterface {
  name = 'InitialReadModel1763770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'projection_checkpoints',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'institutions',
        columns: [
          { name: 'uscc', type: 'varchar', length: '18', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'region_code', type: 'varchar', length: '6' },
          { name: 'parent_uscc', type: 'varchar', length: '18', isNullable: true },
          { name: 'registered_at', type: 'varchar', length: '30' },
          { name: 'registered_position', type: 'bigint' },
        ],
        indices: [{ name: 'institutions_region', columnNames: ['region_code'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('institutions');
    await queryRunner.dropTable('projection_checkpoints');
  }
}
