import { rebuildProjections } from '../rebuild/rebuild';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { feed, openTestReadStore, storedEvents, TestReadStore } from '../testing/read-store-harness';
import { openTestLog } from '../testing/event-log';
import { readCheckpointStatus, writeFailure } from './checkpoints';

const events = storedEvents(
  Array.from({ length: 12 }, (_, i) => ({
    streamId: `institution-u${i}`,
    type: 'InstitutionRegistered',
    data: { uscc: `u${i}`, name: `机构${i}`, kind: 'GOVERNMENT_ORGAN', regionCode: '370100' },
  })),
);

describe('rebuild: the failure stored beside a checkpoint it swaps in', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('rebuild_failure')));
  afterEach(async () => store.close());

  it('is cleared, so a later reset of the checkpoint (a migration) does not bring it back', async () => {
    await feed(store.dataSource, [new SubjectStreamsProjector()], events.slice(0, 4));
    // The live projector stopped at 5 and said so.
    await writeFailure(store.dataSource, 'subject-streams', { position: 5, eventType: 'InstitutionRegistered', message: 'a bug at 5' });
    expect((await readCheckpointStatus(store.dataSource)).get('subject-streams')).toMatchObject({ position: 4, failed: { position: 5 } });

    const log = await openTestLog(store.dir, events);
    try {
      await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: [new SubjectStreamsProjector()], batchSize: 5 });
    } finally {
      await log.close();
    }
    expect((await readCheckpointStatus(store.dataSource)).get('subject-streams')).toEqual({ position: 12 });
    const [row] = await store.dataSource.query(`SELECT failed_position, failed_event_type, failed_message FROM projection_checkpoints WHERE name = 'subject-streams'`);
    expect(row).toEqual({ failed_position: null, failed_event_type: null, failed_message: null });

    // A migration resets the projection to replay it: nothing failed since.
    await store.dataSource.query(`UPDATE projection_checkpoints SET position = 0 WHERE name = 'subject-streams'`);
    expect((await readCheckpointStatus(store.dataSource)).get('subject-streams')).toEqual({ position: 0 });
  });

  it('keeps a failure beyond the position it swaps in (that event is still to be applied)', async () => {
    await feed(store.dataSource, [new SubjectStreamsProjector()], events.slice(0, 4));
    await writeFailure(store.dataSource, 'subject-streams', { position: 11, eventType: 'InstitutionRegistered', message: 'a bug at 11' });
    // The rebuild reads the log while it ends at 8; the live projector failed on event 11, appended since.
    const log = await openTestLog(store.dir, events.slice(0, 8));
    try {
      await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: [new SubjectStreamsProjector()], batchSize: 5 });
    } finally {
      await log.close();
    }
    expect((await readCheckpointStatus(store.dataSource)).get('subject-streams')).toMatchObject({ position: 8, failed: { position: 11, message: 'a bug at 11' } });
  });
});
