import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndexOptions } from 'typeorm';

const id = (name: string, primary = false): TableColumnOptions => ({ name, type: 'varchar', length: '140', isPrimary: primary, isNullable: !primary });
const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: '500', isNullable: nullable });
const long = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const date = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: '10', isNullable: nullable });
const code = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: '40', isNullable: nullable });
const int = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const position = (name: string, primary = false): TableColumnOptions => ({ name, type: 'bigint', isPrimary: primary, isNullable: false });

/** Versioned (system-time) rows: key, version start, row number within the version, version end. */
const versioned = (key: string): TableColumnOptions[] => [id(key, true), position('sys_from', true), { name: 'seq', type: 'integer', isPrimary: true }, position('sys_to')];

const table = (name: string, columns: TableColumnOptions[], indices: TableIndexOptions[] = []) => new Table({ name, columns, indices });

/**
 * The read models of issue 5: the integrity archive, the lists with valid and system time, the
 * work queues, statistics and public disclosure. Table API only, so it runs on SQLite and
 * PostgreSQL alike. Index names carry their table's name: a rebuild gives the fresh tables'
 * indexes names of their own.
 */
export class ReadModels1763810000000 implements MigrationInterface {
  name = 'ReadModels1763810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const tables = [
      table('officials', [id('person_id', true), text('name', false), { ...id('institution_uscc'), length: '18' }, text('post'), { ...code('registered_at', false), length: '30' }, position('registered_position')], [
        { name: 'officials__institution', columnNames: ['institution_uscc'] },
      ]),
      table('leader_terms', [{ ...id('uscc', true), length: '18' }, position('position', true), id('person_id'), text('name'), text('title'), date('effective_on')]),
      table('archive_documents', [id('stream_id', true), code('category', false), code('subject_kind'), id('subject_id'), id('institution_uscc'), long('state', false), long('trail', false), position('last_position')], [
        { name: 'archive_documents__subject', columnNames: ['subject_kind', 'subject_id'] },
        { name: 'archive_documents__institution', columnNames: ['institution_uscc'] },
      ]),
      table('dishonest_list_records', [id('record_id', true), id('uscc'), code('domain')]),
      table(
        'dishonest_list',
        [
          ...versioned('record_id'),
          { ...id('uscc'), length: '18' },
          code('domain'),
          date('listed_on', false),
          date('minimum_last_day'),
          date('publication_last_day'),
          code('policy_version'),
          date('delisted_on'),
          code('delist_reason'),
          date('valid_from'),
          date('valid_to'),
          position('origin_position'),
        ],
        [
          { name: 'dishonest_list__current', columnNames: ['sys_to', 'valid_from'] },
          { name: 'dishonest_list__uscc', columnNames: ['uscc'] },
        ],
      ),
      table(
        'award_bans',
        [
          ...versioned('ban_id'),
          id('record_id'),
          code('subject_kind'),
          id('subject_id'),
          date('starts_on'),
          date('last_day'),
          date('voided_on'),
          code('void_reason'),
          id('void_objection_id'),
          date('lifted_on'),
          text('lift_legal_basis'),
          text('lift_decision_no'),
          text('lift_reason'),
          id('ended_by_sub'),
          code('ended_by_role'),
          { ...position('ended_position'), isNullable: true },
          date('active_from'),
          date('active_to'),
          position('origin_position'),
        ],
        [
          { name: 'award_bans__current', columnNames: ['sys_to', 'active_from'] },
          { name: 'award_bans__subject', columnNames: ['subject_id'] },
        ],
      ),
      table(
        'exemplars',
        [
          ...versioned('exemplar_id'),
          code('subject_kind'),
          id('subject_id'),
          text('title'),
          long('basis'),
          date('designated_on'),
          date('valid_until'),
          date('revoked_on'),
          text('revoke_reason'),
          id('caused_by_record_id'),
          date('active_from'),
          date('active_to'),
          position('origin_position'),
        ],
        [{ name: 'exemplars__current', columnNames: ['sys_to', 'active_from'] }],
      ),
      table('grey_list_sources', [id('stream_id', true), long('state', false), position('position')]),
      table('grey_list', [...versioned('source_id'), { ...id('uscc'), length: '18' }, code('reason'), date('valid_from'), date('valid_to')], [
        { name: 'grey_list__current', columnNames: ['sys_to', 'valid_from'] },
        { name: 'grey_list__uscc', columnNames: ['uscc'] },
      ]),
      table('queue_records', [id('record_id', true), code('subject_kind'), id('subject_id'), id('institution_uscc')]),
      table(
        'objection_queue',
        [id('record_id', true), id('objection_id', true), code('subject_kind'), id('subject_id'), id('institution_uscc'), date('filed_on'), date('due_on'), int('calendar_known'), position('origin_position')],
        [{ name: 'objection_queue__due', columnNames: ['due_on'] }],
      ),
      table(
        'rectification_queue',
        [
          id('order_id', true),
          id('record_id'),
          code('subject_kind'),
          id('subject_id'),
          id('institution_uscc'),
          date('ordered_on'),
          date('deadline'),
          code('status'),
          id('pending_report_id'),
          date('reported_on'),
          date('lapsed_on'),
          position('origin_position'),
        ],
        [
          { name: 'rectification_queue__due', columnNames: ['deadline'] },
          { name: 'rectification_queue__record', columnNames: ['record_id'] },
        ],
      ),
      table(
        'check_queue',
        [
          id('check_id', true),
          code('subject_kind'),
          id('subject_id'),
          code('matter'),
          date('checked_on'),
          text('case_ref'),
          code('outcome'),
          int('measure_count'),
          date('due_on'),
          int('calendar_known'),
          position('origin_position'),
        ],
        [{ name: 'check_queue__due', columnNames: ['due_on'] }],
      ),
      table(
        'accountability_queue',
        [id('obligation_id', true), id('record_id'), id('institution_uscc'), id('person_id'), text('name'), code('role'), date('required_on'), position('origin_position')],
        [{ name: 'accountability_queue__due', columnNames: ['required_on'] }],
      ),
      table(
        'stat_facts',
        [id('fact_id', true), id('record_id'), code('kind'), date('on_date'), id('institution_uscc'), code('domain'), code('category'), int('counted')],
        [
          { name: 'stat_facts__record', columnNames: ['record_id'] },
          { name: 'stat_facts__on', columnNames: ['on_date'] },
        ],
      ),
      table('public_official_names', [id('person_id', true), text('masked_name')]),
      table('public_record_states', [id('stream_id', true), long('state', false), position('position')]),
      table(
        'public_records',
        [
          id('record_id', true),
          code('subject_kind'),
          id('institution_uscc'),
          text('official_name'),
          code('category'),
          code('severity'),
          code('domain'),
          long('description'),
          code('finding_type'),
          text('finding_document_no'),
          text('finding_authority'),
          date('finding_on'),
          int('published'),
          date('pub_from'),
          date('pub_to'),
          date('publication_last_day'),
          int('under_objection'),
          date('listed_on'),
          date('listing_last_day'),
          date('delisted_on'),
        ],
        [
          { name: 'public_records__published', columnNames: ['pub_from'] },
          { name: 'public_records__institution', columnNames: ['institution_uscc'] },
        ],
      ),
    ];
    for (const t of tables) await queryRunner.createTable(t);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'public_records',
      'public_record_states',
      'public_official_names',
      'stat_facts',
      'accountability_queue',
      'check_queue',
      'rectification_queue',
      'objection_queue',
      'queue_records',
      'grey_list',
      'grey_list_sources',
      'exemplars',
      'award_bans',
      'dishonest_list',
      'dishonest_list_records',
      'archive_documents',
      'leader_terms',
      'officials',
    ]) {
      await queryRunner.dropTable(name);
    }
  }
}
