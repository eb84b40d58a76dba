import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * `knownAt` → log position is the first position recorded after the instant: `MIN(position)
 * WHERE recorded_at > T`. Instants are not ordered like positions (appends from several
 * processes take their instants before the store orders them), so that MIN read every position
 * from the start of the log (or every instant after T): 40 ms halfway through 1M events, more
 * than the list it served. `latest_recorded_at` is the latest instant at or before each
 * position (a running maximum, so it never decreases with position): the first position with
 * latest_recorded_at > T is exactly the first recorded after T, found by one index seek.
 * Existing rows are filled here; the log-instants projector writes it from now on.
 */
export class LogInstantsLatest1763860000000 implements MigrationInterface {
  name = 'LogInstantsLatest1763860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('log_instants', new TableColumn({ name: 'latest_recorded_at', type: 'varchar', length: '30', isNullable: true }));
    await queryRunner.query(
      `UPDATE "log_instants" SET "latest_recorded_at" = w.latest
         FROM (SELECT "position" AS p, MAX("recorded_at") OVER (ORDER BY "position") AS latest FROM "log_instants") w
        WHERE w.p = "log_instants"."position"`,
    );
    await queryRunner.createIndex('log_instants', new TableIndex({ name: 'log_instants__latest', columnNames: ['latest_recorded_at', 'position'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "log_instants__latest"`);
    await queryRunner.dropColumn('log_instants', 'latest_recorded_at');
  }
}
