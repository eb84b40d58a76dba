import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics stop counting a listing revoked by an objection (`LISTING_REVOKED`) at the decision
 * itself. Logs written before the decider delisted a listing that had already ended (by repair,
 * or its period run out) hold no `InstitutionDelisted LISTING_REVOKED` for it, and the listing
 * stayed counted. The facts of the records whose counted listing an objection revoked, as the
 * archive or the public record states say, are worked out again from the log: the statistics
 * projection replays from position 0 (the facts of other records are written again as they are).
 * Nothing happens on a read store without such a record.
 */
export class RevokedListingsUncounted1764030000000 implements MigrationInterface {
  name = 'RevokedListingsUncounted1764030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const revoked = (table: string) => `SELECT "stream_id" FROM "${table}" WHERE "stream_id" LIKE 'record-%' AND "state" LIKE '%"outcome":"LISTING_REVOKED"%'`;
    const affected = `SELECT "record_id" FROM "stat_facts" WHERE "kind" = 'LISTING' AND "counted" = 1
      AND ('record-' || "record_id" IN (${revoked('archive_documents')}) OR 'record-' || "record_id" IN (${revoked('public_record_states')}))`;
    if (((await queryRunner.query(affected)) as unknown[]).length === 0) return;
    await queryRunner.query(`DELETE FROM "stat_facts" WHERE "record_id" IN (SELECT "record_id" FROM (${affected}) AS "affected")`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'statistics'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed facts are what the projection holds under either rule's code.
  }
}
