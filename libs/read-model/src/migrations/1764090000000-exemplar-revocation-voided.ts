import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns a red-list row keeps of the last revocation voided (ExemplarRevocationVoided). */
export const VOIDED_REVOCATION_COLUMNS = [
  ['voided_revoked_on', 'varchar(10)'],
  ['voided_revoke_reason', 'varchar(500)'],
  ['voided_caused_by_record_id', 'varchar(140)'],
  ['revocation_voided_on', 'varchar(10)'],
  ['revocation_void_reason', 'varchar(40)'],
] as const;

/**
 * A listing found wrong gives back the red-list titles it revoked (ExemplarRevocationVoided, new in
 * this release). The red list shows such a title on every day of its designation again, and says
 * which revocation was voided, when and why: five nullable columns, empty in every row so far (no
 * log holds the event before this release; the saga that appends it starts at the beginning of the
 * log on its first start, and the projector fills them then), so nothing is replayed. The migration
 * also tells processes of older releases, which would stop their projectors at the new event type,
 * to stand aside (the read store is newer than they are).
 */
export class ExemplarRevocationVoided1764090000000 implements MigrationInterface {
  name = 'ExemplarRevocationVoided1764090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table and loses its partial indexes.
    for (const [column, type] of VOIDED_REVOCATION_COLUMNS) await queryRunner.query(`ALTER TABLE "exemplars" ADD COLUMN "${column}" ${type}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [column] of [...VOIDED_REVOCATION_COLUMNS].reverse()) await queryRunner.query(`ALTER TABLE "exemplars" DROP COLUMN "${column}"`);
  }
}
