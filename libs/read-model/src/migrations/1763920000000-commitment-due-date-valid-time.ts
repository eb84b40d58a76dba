import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An amended due date now applies from the amendment's date, not before it: a commitment overdue
 * under its old due date stays overdue on those days (domain.md §4.2, valid time). The states
 * the archive and the grey list keep of commitments whose due date was amended lack the due date
 * it replaced, so those documents and sources are removed and their projections replay the log:
 * every other document and source is at its position already and is skipped.
 */
export class CommitmentDueDateValidTime1763920000000 implements MigrationInterface {
  name = 'CommitmentDueDateValidTime1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const amended = `"state" LIKE '%"newDueOn"%'`;
    const documents: unknown[] = await queryRunner.query(`SELECT "stream_id" FROM "archive_documents" WHERE "category" = 'commitment' AND ${amended}`);
    if (documents.length > 0) {
      await queryRunner.query(`DELETE FROM "archive_documents" WHERE "category" = 'commitment' AND ${amended}`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'archive'`);
    }
    const sources: unknown[] = await queryRunner.query(`SELECT "stream_id" FROM "grey_list_sources" WHERE "stream_id" LIKE 'commitment-%' AND ${amended}`);
    if (sources.length > 0) {
      await queryRunner.query(`DELETE FROM "grey_list" WHERE "source_id" IN (SELECT "stream_id" FROM "grey_list_sources" WHERE "stream_id" LIKE 'commitment-%' AND ${amended})`);
      await queryRunner.query(`DELETE FROM "grey_list_sources" WHERE "stream_id" LIKE 'commitment-%' AND ${amended}`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'grey-list'`);
    }
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed rows are what the projections hold under either rule's code.
  }
}
