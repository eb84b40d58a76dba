import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public record view no longer shows a listing revoked as wrong (LISTING_REVOKED,
 * RECORD_REVOKED). The rows of records that were delisted are worked out again: their rows and
 * states are removed and the public-disclosure projection replays the log (every other record is
 * at its position already and is skipped).
 */
export class PublicRevokedListings1763930000000 implements MigrationInterface {
  name = 'PublicRevokedListings1763930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const delisted: Array<{ record_id: string }> = await queryRunner.query(`SELECT "record_id" FROM "public_records" WHERE "delisted_on" IS NOT NULL`);
    if (delisted.length === 0) return;
    await queryRunner.query(
      `DELETE FROM "public_record_states" WHERE "stream_id" IN (SELECT 'record-' || "record_id" FROM "public_records" WHERE "delisted_on" IS NOT NULL)`,
    );
    await queryRunner.query(`DELETE FROM "public_records" WHERE "delisted_on" IS NOT NULL`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'public-disclosure'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed rows are what the projection holds under either rule's code.
  }
}
