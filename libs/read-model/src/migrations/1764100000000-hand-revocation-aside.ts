import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns a red-list row keeps of a revocation by hand superseded by one for 联合惩戒. */
export const HAND_REVOCATION_ASIDE_COLUMNS = [
  ['aside_revoked_on', 'varchar(10)'],
  ['aside_revoke_reason', 'varchar(500)'],
] as const;

/**
 * A revocation for 联合惩戒 from an earlier day now supersedes one by hand (new in this release: it
 * was refused, so the red list depended on which was entered first). The row keeps the one by hand
 * aside, and a voiding of the revocation for 联合惩戒 brings it back into force: two nullable
 * columns, empty in every row so far (no log holds such a supersession before this release), so
 * nothing is replayed. The migration also tells processes of older releases to stand aside: their
 * projector would lose the revocation by hand, and their sagas would not supersede it.
 */
export class HandRevocationAside1764100000000 implements MigrationInterface {
  name = 'HandRevocationAside1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table and loses its partial indexes.
    for (const [column, type] of HAND_REVOCATION_ASIDE_COLUMNS) await queryRunner.query(`ALTER TABLE "exemplars" ADD COLUMN "${column}" ${type}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [column] of [...HAND_REVOCATION_ASIDE_COLUMNS].reverse()) await queryRunner.query(`ALTER TABLE "exemplars" DROP COLUMN "${column}"`);
  }
}
