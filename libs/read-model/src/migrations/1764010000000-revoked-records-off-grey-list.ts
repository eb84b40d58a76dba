import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record revoked as wrong (`RECORD_REVOKED`) no longer puts its institution on the grey list on
 * the days before its revocation: "wrong from the start" (domain.md §4.5), as its listing already
 * counted on no date. The grey-list sources of revoked records are worked out again from the log
 * (the other sources are at their position already and are skipped), which recomputes their
 * reasons' dates and their versions in system time: what the list said before a revocation stays
 * visible through `knownAt`. Nothing happens on a read store without a revoked record.
 */
export class RevokedRecordsOffGreyList1764010000000 implements MigrationInterface {
  name = 'RevokedRecordsOffGreyList1764010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const revoked = `SELECT "stream_id" FROM "grey_list_sources" WHERE "stream_id" LIKE 'record-%' AND "state" LIKE '%"revoked":{%'`;
    if (((await queryRunner.query(revoked)) as unknown[]).length === 0) return;
    await queryRunner.query(`DELETE FROM "grey_list" WHERE "source_id" IN (${revoked})`);
    await queryRunner.query(`DELETE FROM "grey_list_sources" WHERE "stream_id" IN (${revoked})`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'grey-list'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed rows are what the projection holds under either rule's code.
  }
}
