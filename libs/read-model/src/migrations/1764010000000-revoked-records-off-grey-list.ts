import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record revoked as wrong (`RECORD_REVOKED`) no longer puts its institution on the grey list on
 * the days before its revocation: "wrong from the start" (domain.md §4.5), as its listing already
 * counted on no date. The grey list is replayed from the log, which recomputes every reason's
 * dates; its rows from before the revocation stay visible through `knownAt`, as they were.
 */
export class RevokedRecordsOffGreyList1764010000000 implements MigrationInterface {
  name = 'RevokedRecordsOffGreyList1764010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "grey_list"`);
    await queryRunner.query(`DELETE FROM "grey_list_sources"`);
    await queryRunner.query(`DELETE FROM "projection_checkpoints" WHERE "name" = 'grey-list'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed list is what the projection holds under either rule's code.
  }
}
