import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The days a public record row is public: at most two disjoint spans (the projector's shownSpans). */
export const SHOWN_COLUMNS = ['shown_from', 'shown_to', 'reshown_from', 'reshown_to'] as const;

/** The indexes the public records are counted and paged on, with their columns. */
export const SHOWN_INDEXES: ReadonlyArray<[name: string, columns: readonly string[]]> = [
  ['public_records__shown', ['shown_to', 'shown_from', 'subject_kind', 'institution_uscc', 'region_code']],
  ['public_records__reshown', ['reshown_to', 'reshown_from', 'subject_kind', 'institution_uscc', 'region_code']],
  ['public_records__public_page', ['finding_on', 'record_id', 'shown_from', 'shown_to', 'reshown_from', 'reshown_to', 'subject_kind', 'institution_uscc', 'region_code']],
];

/** The indexes they supersede, as 1764080000000 left them (for down). */
const SUPERSEDED: ReadonlyArray<[name: string, columns: readonly string[]]> = [
  ['public_records__count', ['pub_from', 'pub_to', 'subject_kind', 'institution_uscc', 'region_code']],
  ['public_records__listed', ['listed_from', 'listed_to', 'pub_from', 'pub_to', 'subject_kind', 'institution_uscc', 'region_code']],
  ['public_records__public_page', ['finding_on', 'record_id', 'pub_from', 'pub_to', 'listed_from', 'listed_to', 'subject_kind', 'institution_uscc', 'region_code']],
];

/** Drops an index by name and the copies a rebuild made of it (a `__r<token>` suffix). */
async function dropIndex(queryRunner: QueryRunner, name: string): Promise<void> {
  const found: Array<{ name: string }> =
    queryRunner.connection.options.type === 'postgres'
      ? await queryRunner.query(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'public_records'`)
      : await queryRunner.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'public_records'`);
  const own = new RegExp(`^${name}(__r[0-9a-f]{6})?$`);
  for (const row of found) if (own.test(row.name)) await queryRunner.query(`DROP INDEX IF EXISTS "${row.name}"`);
}

interface Span {
  from: string;
  to: string;
}

const dayAfter = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Two spans that do not overlap, as the projector's shownSpans gives them: joined when one follows the other at once. */
function apartSpans(a: Span, b: Span): [Span, Span?] {
  const [first, second] = a.from <= b.from ? [a, b] : [b, a];
  return second.from === dayAfter(first.to) ? [{ from: first.from, to: second.to }] : [first, second];
}

async function replaceIndexes(queryRunner: QueryRunner, drop: typeof SHOWN_INDEXES, create: typeof SHOWN_INDEXES): Promise<void> {
  for (const [name] of drop) await dropIndex(queryRunner, name);
  for (const [name, columns] of create) await queryRunner.createIndex('public_records', new TableIndex({ name, columnNames: [...columns] }));
}

/**
 * The public records on D were counted in two parts: the rows in publication (a range on
 * pub_from, so every row ever published) and the rows public through their listing alone (a
 * range on listed_from, every row ever listed, each tested for not being in publication). A
 * province's page counted each of its rows twice over (100,000 institutions, 30,000 public: about
 * 10 ms of a 14 ms query). A row now keeps the days it is public, publication and listing joined,
 * as at most two disjoint spans; a count is one range on the first span's last day (the rows still
 * public or to come) and one on the second's (almost always empty).
 *
 * The spans are worked out from the row's own columns (pub_from..pub_to, listed_from..listed_to),
 * in SQL where the two overlap or one is missing, and row by row for the rest (spans apart, or
 * one the day after the other), as the projector's shownSpans does: the public view is not emptied
 * for a replay.
 */
export class PublicShownSpans1764110000000 implements MigrationInterface {
  name = 'PublicShownSpans1764110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table.
    for (const column of SHOWN_COLUMNS) await queryRunner.query(`ALTER TABLE "public_records" ADD COLUMN "${column}" varchar(10)`);
    const overlap = '"listed_from" <= "pub_to" AND "pub_from" <= "listed_to"';
    await queryRunner.query(
      `UPDATE "public_records" SET
         "shown_from" = CASE WHEN "pub_from" IS NULL THEN "listed_from" WHEN "listed_from" IS NULL OR "pub_from" <= "listed_from" THEN "pub_from" ELSE "listed_from" END,
         "shown_to" = CASE WHEN "pub_to" IS NULL THEN "listed_to" WHEN "listed_to" IS NULL OR "pub_to" >= "listed_to" THEN "pub_to" ELSE "listed_to" END
       WHERE "pub_from" IS NULL OR "listed_from" IS NULL OR (${overlap})`,
    );
    const apart: Array<Record<'record_id' | 'pub_from' | 'pub_to' | 'listed_from' | 'listed_to', string>> = await queryRunner.query(
      `SELECT "record_id", "pub_from", "pub_to", "listed_from", "listed_to" FROM "public_records" WHERE "pub_from" IS NOT NULL AND "listed_from" IS NOT NULL AND NOT (${overlap})`,
    );
    const postgres = queryRunner.connection.options.type === 'postgres';
    const p = (i: number) => (postgres ? `$${i}` : '?');
    for (const row of apart) {
      const [shown, reshown] = apartSpans({ from: row.pub_from, to: row.pub_to }, { from: row.listed_from, to: row.listed_to });
      await queryRunner.query(`UPDATE "public_records" SET "shown_from" = ${p(1)}, "shown_to" = ${p(2)}, "reshown_from" = ${p(3)}, "reshown_to" = ${p(4)} WHERE "record_id" = ${p(5)}`, [
        shown?.from ?? null,
        shown?.to ?? null,
        reshown?.from ?? null,
        reshown?.to ?? null,
        row.record_id,
      ]);
    }
    await replaceIndexes(queryRunner, SUPERSEDED, SHOWN_INDEXES);
    if (!postgres) await queryRunner.query('PRAGMA analysis_limit = 1000');
    await queryRunner.query(`ANALYZE "public_records"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await replaceIndexes(queryRunner, SHOWN_INDEXES, SUPERSEDED);
    for (const column of [...SHOWN_COLUMNS].reverse()) await queryRunner.query(`ALTER TABLE "public_records" DROP COLUMN "${column}"`);
  }
}
