import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** Expired Idempotency-Key answers are swept by age: an index on when they were stored. */
export class IdempotencyExpiry1763890000000 implements MigrationInterface {
  name = 'IdempotencyExpiry1763890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('idempotency_keys', new TableIndex({ name: 'idempotency_keys__created', columnNames: ['created_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('idempotency_keys', 'idempotency_keys__created');
  }
}
