import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lapse now settles every order of its record in the deadline watcher's worklist (one lapse per
 * record). The worklist is replayed from the log, so an order an old log holds after its record's
 * lapse is no longer swept every minute.
 */
export class WorklistOneLapse1763950000000 implements MigrationInterface {
  name = 'WorklistOneLapse1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "rectification_deadlines"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'rectification-deadlines'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed worklist is what the projection holds under either rule's code.
  }
}
