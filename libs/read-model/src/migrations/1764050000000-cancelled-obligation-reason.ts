import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancelled accountability obligation now keeps why it was cancelled (`cancelReason`:
 * RECORD_REVOKED, LISTING_REVOKED or LEADER_CORRECTED) in the record's folded state, which the
 * archive, the record view and the accountability trace show. The archive's documents folded
 * before hold cancelled obligations without it: those documents are folded again from the log
 * (the archive replays from position 0; the other documents are at their position already and
 * skip it). Nothing happens on a read store without such a document.
 */
export class CancelledObligationReason1764050000000 implements MigrationInterface {
  name = 'CancelledObligationReason1764050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const stale = `"category" = 'record' AND "state" LIKE '%"status":"CANCELLED","closedOn":%' AND "state" NOT LIKE '%"cancelReason":%'`;
    if (((await queryRunner.query(`SELECT "stream_id" FROM "archive_documents" WHERE ${stale}`)) as unknown[]).length === 0) return;
    await queryRunner.query(`DELETE FROM "archive_documents" WHERE ${stale}`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'archive'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the documents folded again are what the archive holds under either code.
  }
}
