import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revoked record is no longer under objection (isUnderObjection): objections still undecided
 * when another one revoked it can never be decided, and kept the flag for ever. Read models built
 * before kept it: the public rows of such records are worked out again (their rows and states are
 * removed and public disclosure replays the log; every other record is at its position already and
 * is skipped), and the dishonest list, whose rows are versioned by log position, is replayed whole.
 * Nothing happens on a read store without such a record.
 */
export class RevokedRecordObjectionFlag1763970000000 implements MigrationInterface {
  name = 'RevokedRecordObjectionFlag1763970000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const revokedStates = `SELECT "stream_id" FROM "public_record_states" WHERE "state" LIKE '%"revoked":{%'`;
    // Asked first: the public part below removes the states this reads. A record revoked after its
    // listing had ended has no RECORD_REVOKED delisting on the list, so the record's state says it.
    const listed: unknown[] = await queryRunner.query(
      `SELECT "record_id" FROM "dishonest_list_records" WHERE "open_objections" > 0 AND 'record-' || "record_id" IN (${revokedStates})`,
    );
    const flagged = `"under_objection" = 1 AND 'record-' || "record_id" IN (${revokedStates})`;
    const publicRows: unknown[] = await queryRunner.query(`SELECT "record_id" FROM "public_records" WHERE ${flagged}`);
    if (publicRows.length > 0) {
      await queryRunner.query(`DELETE FROM "public_record_states" WHERE "stream_id" IN (SELECT 'record-' || "record_id" FROM "public_records" WHERE ${flagged})`);
      await queryRunner.query(`DELETE FROM "public_records" WHERE ${flagged}`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'public-disclosure'`);
    }
    if (listed.length > 0) {
      await queryRunner.query(`DELETE FROM "dishonest_list"`);
      await queryRunner.query(`DELETE FROM "dishonest_list_records"`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'dishonest-list'`);
    }
  }

  async down(): Promise<void> {
    // Nothing to undo: the replayed rows are what the projections hold under either rule's code.
  }
}
