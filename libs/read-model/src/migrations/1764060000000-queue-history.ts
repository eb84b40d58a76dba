import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const id = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: '140', isNullable: nullable });
const code = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '40', isNullable: true });
const date = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '10', isNullable: true });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: true });
const position = (name: string, primary = false): TableColumnOptions => ({ name, type: 'bigint', isPrimary: primary, isNullable: false });
const subject = [code('subject_kind'), id('subject_id'), id('institution_uscc')];

/** The queue's columns, as its own table has them. */
const QUEUES: Record<string, TableColumnOptions[]> = {
  objection_queue: [id('record_id', false), id('objection_id', false), ...subject, date('filed_on'), date('due_on'), int('calendar_known'), position('origin_position')],
  rectification_queue: [
    id('record_id', false),
    id('order_id', false),
    ...subject,
    date('ordered_on'),
    date('deadline'),
    code('status'),
    id('pending_report_id'),
    date('reported_on'),
    date('lapsed_on'),
    position('origin_position'),
  ],
  check_queue: [
    id('check_id', false),
    code('subject_kind'),
    id('subject_id'),
    code('matter'),
    date('checked_on'),
    { name: 'case_ref', type: 'varchar', length: '500', isNullable: true },
    code('outcome'),
    int('measure_count'),
    date('due_on'),
    int('calendar_known'),
    position('origin_position'),
  ],
  accountability_queue: [
    id('record_id', false),
    id('obligation_id', false),
    id('institution_uscc'),
    id('person_id'),
    { name: 'name', type: 'varchar', length: '500', isNullable: true },
    code('role'),
    date('required_on'),
    position('origin_position'),
  ],
};

/**
 * The work queues answer `knownAt` (domain.md §7: every projection answers "as of" questions in
 * system time): beside each queue, a history table keeps every version of its items, from the
 * log position that opened or changed one until the position that changed or closed it (the
 * item's key columns as a JSON array in `item_key`). The queues are replayed from position 0 so
 * their history is complete; the live queues are the same after the replay.
 */
export class QueueHistory1764060000000 implements MigrationInterface {
  name = 'QueueHistory1764060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [queue, columns] of Object.entries(QUEUES)) {
      const table = `${queue}_history`;
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            { name: 'item_key', type: 'varchar', length: '400', isPrimary: true },
            position('sys_from', true),
            { name: 'seq', type: 'integer', isPrimary: true },
            position('sys_to'),
            ...columns.map((column) => ({ ...column, isPrimary: false })),
          ],
          indices: [{ name: `${table}__known`, columnNames: ['sys_to', 'sys_from'] }],
        }),
      );
      await queryRunner.query(`DELETE FROM "${queue}"`);
    }
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'work-queues'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const queue of Object.keys(QUEUES)) await queryRunner.query(`DROP TABLE "${queue}_history"`);
  }
}
