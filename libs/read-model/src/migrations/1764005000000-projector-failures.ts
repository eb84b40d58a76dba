import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A projector that stops at an event records it beside its checkpoint (and clears it when it
 * runs again), so the processes that do not run it (an API replica with LEDGER_RUN_PROJECTORS=false,
 * a standby) can say so in /health too: the failure was only in the holder's memory.
 */
export class ProjectorFailures1764005000000 implements MigrationInterface {
  name = 'ProjectorFailures1764005000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table.
    await queryRunner.query(`ALTER TABLE "projection_checkpoints" ADD COLUMN "failed_position" bigint`);
    await queryRunner.query(`ALTER TABLE "projection_checkpoints" ADD COLUMN "failed_event_type" varchar(200)`);
    await queryRunner.query(`ALTER TABLE "projection_checkpoints" ADD COLUMN "failed_message" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "projection_checkpoints" DROP COLUMN "failed_message"`);
    await queryRunner.query(`ALTER TABLE "projection_checkpoints" DROP COLUMN "failed_event_type"`);
    await queryRunner.query(`ALTER TABLE "projection_checkpoints" DROP COLUMN "failed_position"`);
  }
}
