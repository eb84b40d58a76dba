import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing revoked as wrong (LISTING_REVOKED, RECORD_REVOKED) now counts as never in force, on
 * every date (isListedOn), as its voided ban does: the dishonest list's current rows of such
 * listings no longer answer `on=D` for the days before the revocation. Read models built before
 * kept those days: the list, whose rows are versioned by log position, is replayed whole (what it
 * showed before the revocation stays visible through `knownAt`). Nothing happens on a read store
 * without such a listing.
 */
export class RevokedListingsNeverListed1763980000000 implements MigrationInterface {
  name = 'RevokedListingsNeverListed1763980000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const revoked: unknown[] = await queryRunner.query(
      `SELECT "record_id" FROM "dishonest_list" WHERE "delist_reason" IN ('LISTING_REVOKED', 'RECORD_REVOKED') AND "valid_from" IS NOT NULL`,
    );
    if (revoked.length === 0) return;
    await queryRunner.query(`DELETE FROM "dishonest_list"`);
    await queryRunner.query(`DELETE FROM "dishonest_list_records"`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'dishonest-list'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed rows are what the projection holds under either rule's code.
  }
}
