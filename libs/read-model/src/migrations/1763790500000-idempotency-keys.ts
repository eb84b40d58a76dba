import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The API's idempotency store (not a projection: rebuilds leave it alone). Table API for SQLite and PostgreSQL. */
export class IdempotencyKeys1763790500000 implements MigrationInterface {
  name = 'IdempotencyKeys1763790500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { name: 'sub', type: 'varchar', length: '200', isPrimary: true },
          { name: 'idempotency_key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'request_digest', type: 'varchar', length: '64' },
          { name: 'status', type: 'integer' },
          { name: 'body', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys');
  }
}
