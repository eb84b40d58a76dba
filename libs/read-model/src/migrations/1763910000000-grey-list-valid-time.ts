import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The grey list's "SERIOUS record not led to listing" now holds up to the listing's date, not
 * only until the listing became known (a listing does not reach back in valid time). The stored
 * reasons were worked out by the old rule: the grey-list projection is reset to replay from 0.
 */
export class GreyListValidTime1763910000000 implements MigrationInterface {
  name = 'GreyListValidTime1763910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "grey_list"`);
    await queryRunner.query(`DELETE FROM "grey_list_sources"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'grey-list'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.up(queryRunner);
  }
}
