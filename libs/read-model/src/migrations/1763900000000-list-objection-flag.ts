import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dishonest list carries the objection flag (异议标注, domain.md §4.5: "including in the
 * public view"), versioned with the rest of the row, and its record index counts each record's
 * undecided objections. The dishonest-list projection is reset to replay from position 0 into
 * the new shape: a migration that changes a projection's tables rebuilds that projection.
 */
export class ListObjectionFlag1763900000000 implements MigrationInterface {
  name = 'ListObjectionFlag1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "dishonest_list"`);
    await queryRunner.query(`DELETE FROM "dishonest_list_records"`);
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table and loses its partial indexes.
    await queryRunner.query(`ALTER TABLE "dishonest_list" ADD COLUMN "under_objection" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "dishonest_list_records" ADD COLUMN "open_objections" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'dishonest-list'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "dishonest_list"`);
    await queryRunner.query(`DELETE FROM "dishonest_list_records"`);
    await queryRunner.query(`ALTER TABLE "dishonest_list_records" DROP COLUMN "open_objections"`);
    await queryRunner.query(`ALTER TABLE "dishonest_list" DROP COLUMN "under_objection"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'dishonest-list'`);
  }
}
