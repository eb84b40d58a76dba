import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing revoked as wrong (LISTING_REVOKED, RECORD_REVOKED) now counts as never in force, on
 * every date (isListedOn), as its voided ban does: the dishonest list's current rows of such
 * listings no longer answer `on=D` for the days before the revocation — also a listing that had
 * already ended (by repair) when it was revoked. Read models built before
 * kept those days: the list, whose rows are versioned by log position, is replayed whole (what it
 * showed before the revocation stays visible through `knownAt`); so are the grey-list sources and
 * public rows of listings revoked after they had ended. Nothing happens on a read store without
 * such a listing.
 */
export class RevokedListingsNeverListed1763980000000 implements MigrationInterface {
  name = 'RevokedListingsNeverListed1763980000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Revoked as the list row says, or (revoked after the listing had ended) as the record's state says.
    const revokedStates = `SELECT "stream_id" FROM "public_record_states" WHERE "state" LIKE '%"revoked":{%' OR "state" LIKE '%"outcome":"LISTING_REVOKED"%'`;
    const revoked: unknown[] = await queryRunner.query(
      `SELECT "record_id" FROM "dishonest_list" WHERE "valid_from" IS NOT NULL
         AND ("delist_reason" IN ('LISTING_REVOKED', 'RECORD_REVOKED') OR 'record-' || "record_id" IN (${revokedStates}))`,
    );
    if (revoked.length > 0) {
      await queryRunner.query(`DELETE FROM "dishonest_list"`);
      await queryRunner.query(`DELETE FROM "dishonest_list_records"`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'dishonest-list'`);
    }
    // The grey list read such a listing as leading to listing, and public rows showed it, when it
    // was revoked after it had ended: those sources and rows are worked out again (the others are
    // at their position already and are skipped).
    const greySources = `SELECT "stream_id" FROM "grey_list_sources" WHERE "stream_id" LIKE 'record-%' AND "state" LIKE '%"outcome":"LISTING_REVOKED"%'`;
    if (((await queryRunner.query(greySources)) as unknown[]).length > 0) {
      await queryRunner.query(`DELETE FROM "grey_list" WHERE "source_id" IN (${greySources})`);
      await queryRunner.query(`DELETE FROM "grey_list_sources" WHERE "stream_id" IN (${greySources})`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'grey-list'`);
    }
    const shown = `"listed_on" IS NOT NULL AND 'record-' || "record_id" IN (${revokedStates})`;
    if (((await queryRunner.query(`SELECT "record_id" FROM "public_records" WHERE ${shown}`)) as unknown[]).length > 0) {
      await queryRunner.query(`DELETE FROM "public_record_states" WHERE "stream_id" IN (SELECT 'record-' || "record_id" FROM "public_records" WHERE ${shown})`);
      await queryRunner.query(`DELETE FROM "public_records" WHERE ${shown}`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'public-disclosure'`);
    }
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed rows are what the projection holds under either rule's code.
  }
}
