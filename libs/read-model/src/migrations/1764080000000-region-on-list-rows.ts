import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The list indexes that take the region in, with their columns before and after. */
export const REGION_INDEXES: Readonly<Record<string, readonly [table: string, columns: readonly string[]]>> = {
  dishonest_list__count: ['dishonest_list', ['sys_to', 'valid_from', 'valid_to', 'domain', 'uscc', 'sys_from', 'listed_on', 'record_id', 'region_code']],
  dishonest_list__page: ['dishonest_list', ['sys_to', 'listed_on', 'record_id', 'valid_from', 'valid_to', 'sys_from', 'domain', 'uscc', 'region_code']],
  grey_list__page: ['grey_list', ['sys_to', 'uscc', 'valid_from', 'valid_to', 'sys_from', 'region_code']],
  public_records__count: ['public_records', ['pub_from', 'pub_to', 'subject_kind', 'institution_uscc', 'region_code']],
  public_records__listed: ['public_records', ['listed_from', 'listed_to', 'pub_from', 'pub_to', 'subject_kind', 'institution_uscc', 'region_code']],
  public_records__public_page: ['public_records', ['finding_on', 'record_id', 'pub_from', 'pub_to', 'listed_from', 'listed_to', 'subject_kind', 'institution_uscc', 'region_code']],
};

/** Each projector's table of the institutions' regions (from InstitutionRegistered; a region never changes), indexed by region. */
export const REGION_TABLES = { 'dishonest-list': 'dishonest_list_regions', 'grey-list': 'grey_list_regions', 'public-disclosure': 'public_record_regions' } as const;

/** What each replayed projector keeps, emptied for the replay. */
const REPLAYED: Record<keyof typeof REGION_TABLES, string[]> = {
  'dishonest-list': ['dishonest_list', 'dishonest_list_records'],
  'grey-list': ['grey_list', 'grey_list_sources'],
  'public-disclosure': ['public_records', 'public_record_states', 'public_official_names'],
};

/**
 * Each region index under the name it has now (a rebuild gives its fresh tables' indexes a suffix,
 * `__r` and 6 hex digits, and swaps them in), dropped and made again with `columns` of its columns.
 */
async function recreateIndexes(queryRunner: QueryRunner, columnsOf: (columns: readonly string[]) => readonly string[]): Promise<void> {
  const postgres = queryRunner.connection.options.type === 'postgres';
  for (const [base, [table, columns]] of Object.entries(REGION_INDEXES)) {
    const found: Array<{ name: string }> = postgres
      ? await queryRunner.query(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [table])
      : await queryRunner.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, [table]);
    const own = new RegExp(`^${base}(__r[0-9a-f]{6})?$`);
    const names = found.map((row) => row.name).filter((name) => own.test(name));
    for (const name of names.length ? names : [base]) {
      await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" (${columnsOf(columns).map((c) => `"${c}"`).join(', ')})`);
    }
  }
}

/**
 * A region filter takes in the regions under it (GB/T 2260): a province's supervisor filters on
 * 370000 and sees every city and district of Shandong. Joined to the institutions at query time,
 * a province-wide count probed the institution of every row counted (100,000 institutions, 30,000
 * listed: 30–60 ms). The rows of the dishonest list, the grey list and the public records now carry
 * their institution's region code, last in the covering indexes the lists count and page on, so a
 * region is a range test on the index entries like the other filters. Each of the three projectors
 * keeps the institutions' regions itself (from InstitutionRegistered, which precedes every record
 * of its institution in the log) and is replayed from position 0 to fill the column.
 */
export class RegionOnListRows1764080000000 implements MigrationInterface {
  name = 'RegionOnListRows1764080000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.values(REGION_TABLES)) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            { name: 'uscc', type: 'varchar', length: '18', isPrimary: true },
            { name: 'region_code', type: 'varchar', length: '6', isNullable: true },
          ],
          // A district's institutions, for its rows to be found by institution (lists.query.ts regionFilter).
          indices: [{ name: `${table}__region`, columnNames: ['region_code', 'uscc'] }],
        }),
      );
    }
    // Plain ALTER TABLE (both stores): TypeORM's SQLite addColumn copies the table.
    for (const table of ['dishonest_list', 'dishonest_list_records', 'grey_list', 'public_records']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "region_code" varchar(6)`);
    }
    // Emptied first: the indexes below are then built over empty tables.
    for (const [projector, tables] of Object.entries(REPLAYED)) {
      for (const table of tables) await queryRunner.query(`DELETE FROM "${table}"`);
      await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = '${projector}'`);
    }
    await recreateIndexes(queryRunner, (columns) => columns);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await recreateIndexes(queryRunner, (columns) => columns.filter((c) => c !== 'region_code'));
    for (const table of ['dishonest_list', 'dishonest_list_records', 'grey_list', 'public_records']) await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "region_code"`);
    for (const table of Object.values(REGION_TABLES)) await queryRunner.dropTable(table);
  }
}
