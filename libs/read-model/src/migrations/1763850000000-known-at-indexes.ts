import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEXES: Array<[table: string, name: string, columns: string[]]> = [
  // The red list: counted on its own covering index; a page walks the current versions in display
  // order (as known at a past position, the versions replaced since are merged in).
  ['exemplars', 'exemplars__count', ['sys_to', 'active_from', 'active_to', 'sys_from']],
  ['exemplars', 'exemplars__page', ['sys_to', 'designated_on', 'exemplar_id', 'active_from', 'active_to', 'sys_from', 'seq']],
  // The grey list is paged by institution: the current versions in uscc order (distinct usccs
  // stream off the index, a page stops at offset + limit of them), covering its filters.
  ['grey_list', 'grey_list__page', ['sys_to', 'uscc', 'valid_from', 'valid_to', 'sys_from']],
];

/** The indexes these supersede (a rebuild gives its tables' indexes a `__r<token>` suffix). */
const SUPERSEDED: Array<[table: string, name: string]> = [
  ['exemplars', 'exemplars__current'],
  ['grey_list', 'grey_list__current'],
];

async function indexNames(queryRunner: QueryRunner, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> =
    queryRunner.connection.options.type === 'sqlite'
      ? await queryRunner.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, [table])
      : await queryRunner.query(`SELECT indexname AS name FROM pg_indexes WHERE tablename = $1 AND schemaname = current_schema()`, [table]);
  return rows.map((row) => row.name);
}

/**
 * Covering indexes in display order for the red and grey lists, so a page (current, or as known
 * at a past position) costs its size and a count on a narrow index, not the table's history.
 */
export class KnownAtIndexes1763850000000 implements MigrationInterface {
  name = 'KnownAtIndexes1763850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name, columnNames] of INDEXES) await queryRunner.createIndex(table, new TableIndex({ name, columnNames }));
    for (const [table, name] of SUPERSEDED) {
      for (const found of await indexNames(queryRunner, table)) {
        if (found === name || new RegExp(`^${name}__r[0-9a-f]{6}$`).test(found)) await queryRunner.query(`DROP INDEX IF EXISTS "${found}"`);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [, name] of INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
    await queryRunner.createIndex('exemplars', new TableIndex({ name: 'exemplars__current', columnNames: ['sys_to', 'active_from'] }));
    await queryRunner.createIndex('grey_list', new TableIndex({ name: 'grey_list__current', columnNames: ['sys_to', 'valid_from'] }));
  }
}
