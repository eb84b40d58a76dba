import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The check queue now counts the feedback SLA from the day a check was recorded (or its own date
 * when later), not from the date it names: a check about a past day was overdue the moment it was
 * made. The work queues are replayed from the log, which recomputes every due date; they share one
 * checkpoint, so all of them are.
 */
export class CheckFeedbackFromPerformed1763990000000 implements MigrationInterface {
  name = 'CheckFeedbackFromPerformed1763990000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['queue_records', 'objection_queue', 'rectification_queue', 'check_queue', 'accountability_queue']) await queryRunner.query(`DELETE FROM "${table}"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'work-queues'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed queues are what the projection holds under either rule's code.
  }
}
