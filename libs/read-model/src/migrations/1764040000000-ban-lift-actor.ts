import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ban lifted early keeps who lifted it (`lifted_by_sub`, `lifted_by_role`) beside who ended it
 * last (`ended_by_*`): a voiding after the lift replaced the one actor the row had, and the ban
 * list no longer said who made the lift (domain.md §4.6: both acts show, with who did it). Every
 * version of a lifted ban takes the lift's actor from the ban's version that the lift made (the
 * first lifted one, not yet voided), as the projector now writes it; no replay is needed.
 */
export class BanLiftActor1764040000000 implements MigrationInterface {
  name = 'BanLiftActor1764040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table and loses its partial indexes.
    await queryRunner.query(`ALTER TABLE "award_bans" ADD COLUMN "lifted_by_sub" varchar(140)`);
    await queryRunner.query(`ALTER TABLE "award_bans" ADD COLUMN "lifted_by_role" varchar(40)`);
    const lift = (column: string) =>
      `(SELECT l."${column}" FROM "award_bans" l WHERE l."ban_id" = "award_bans"."ban_id" AND l."lifted_on" IS NOT NULL AND l."voided_on" IS NULL ORDER BY l."sys_from" LIMIT 1)`;
    await queryRunner.query(`UPDATE "award_bans" SET "lifted_by_sub" = ${lift('ended_by_sub')}, "lifted_by_role" = ${lift('ended_by_role')} WHERE "lifted_on" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "award_bans" DROP COLUMN "lifted_by_role"`);
    await queryRunner.query(`ALTER TABLE "award_bans" DROP COLUMN "lifted_by_sub"`);
  }
}
