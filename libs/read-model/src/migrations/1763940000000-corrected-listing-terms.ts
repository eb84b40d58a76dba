import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A correction that moves a listed record to another policy version now recomputes the listing's
 * terms (minimum and publication periods). Read models built before kept the old terms for such
 * records: their archive documents are folded again, and the dishonest list is replayed (its rows
 * are versioned by log position, so it is rebuilt whole rather than in part). Nothing happens on a
 * read store without such a record.
 */
export class CorrectedListingTerms1763940000000 implements MigrationInterface {
  name = 'CorrectedListingTerms1763940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const affected = `"category" = 'record' AND "state" LIKE '%"field":"policyVersion"%' AND "state" LIKE '%"listing":{%'`;
    const documents: unknown[] = await queryRunner.query(`SELECT "stream_id" FROM "archive_documents" WHERE ${affected}`);
    if (documents.length === 0) return;
    await queryRunner.query(`DELETE FROM "archive_documents" WHERE ${affected}`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'archive'`);
    await queryRunner.query(`DELETE FROM "dishonest_list"`);
    await queryRunner.query(`DELETE FROM "dishonest_list_records"`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'dishonest-list'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed rows are what the projections hold under either rule's code.
  }
}
