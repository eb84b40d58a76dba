import { WorkQueuesProjector } from '../projectors/work-queues.projector';
import { ensureCheckpoints, readCheckpoints } from '../runner/checkpoints';
import { commitBatch } from '../runner/projection-runner';
import { Sql } from '../sql/sql';
import { openTestReadStore, runMigration, storedEvents, tableRows, tablesRows, TestReadStore } from '../testing/read-store-harness';
import { CheckFeedbackFromPerformed1763990000000 } from './1763990000000-check-feedback-from-performed';

const TABLES = ['queue_records', 'objection_queue', 'rectification_queue', 'check_queue', 'accountability_queue'];

const events = storedEvents([
  {
    streamId: 'check-c-1',
    type: 'CreditCheckPerformed',
    recordedAt: '2026-11-20T02:00:00.000Z',
    data: {
      checkId: 'c-1',
      subject: { kind: 'INSTITUTION', id: '11370100MB28501230' },
      matter: 'AWARD_EVALUATION',
      on: '2026-10-09',
      caseRef: 'case-1',
      outcome: 'RESTRICTED',
      findings: [{ kind: 'AWARD_BAN', ref: 'ban-r-1', detail: '', level: 'RESTRICTED', measures: [{ code: 'M-01', name: '取消评先评优资格', legalBasis: '' }] }],
    },
  },
  { streamId: 'record-r-1', type: 'ObjectionFiled', data: { recordId: 'r-1', objectionId: 'obj-1', filedOn: '2026-11-02', grounds: '认定有误' } },
]);

describe('migration: the check feedback SLA from the day the check was recorded', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('checkmig')));
  afterEach(async () => store.close());

  it('replays the work queues, so a store built under the old rule equals one built by this code', async () => {
    const projector = new WorkQueuesProjector();
    await ensureCheckpoints(store.dataSource, [projector.name]);
    await commitBatch(store.dataSource, projector, events);
    const built = await tablesRows(store.dataSource, TABLES);
    // As the old code wrote it: due five working days after the check's own date.
    await Sql.of(store.dataSource).run(`UPDATE check_queue SET due_on = '2026-10-16'`);

    await runMigration(store.dataSource, new CheckFeedbackFromPerformed1763990000000());
    expect((await readCheckpoints(store.dataSource)).get(projector.name)).toBeUndefined();
    // The runner starts a missing checkpoint at 0 and replays the log.
    await ensureCheckpoints(store.dataSource, [projector.name]);
    await commitBatch(store.dataSource, projector, events);
    expect(await tablesRows(store.dataSource, TABLES)).toEqual(built);
    expect(await tableRows(store.dataSource, 'check_queue')).toEqual([expect.objectContaining({ check_id: 'c-1', due_on: '2026-11-27' })]);
  });
});
