import type { EventStore } from '@app/event-store';
import { findSubjectStreams, readCheckpoints, SubjectRelation } from '@app/read-model';
import type { DataSource } from 'typeorm';
import type { SubjectRef } from './subject-ref';
import { LocatedStream, StreamScope, subjectKey, SubjectStreamLocator, subjectsOf } from './subject-streams';

/** The projector that fills `subject_streams` (libs/read-model). */
const INDEX_PROJECTOR = 'subject-streams';

/**
 * The index's relations and the scope each gives (the rule is at `StreamScope`): only an official's
 * institution stream (where they serve or were appointed) is `mentions`; a commitment they signed
 * and a record holding their accountability are theirs whole, as `officialStreamScope` answers for
 * the log scan.
 */
const SCOPE_OF: Record<SubjectRelation, StreamScope> = {
  INSTITUTION: 'whole',
  COMMITMENT: 'whole',
  RECORD: 'whole',
  EXEMPLAR: 'whole',
  CHECK: 'whole',
  SERVES_AT: 'mentions',
  APPOINTED: 'mentions',
  SIGNATORY: 'whole',
  ACCOUNTABLE: 'whole',
};

/**
 * The read side's `subject_streams` index, completed from the log: the index answers up to its
 * projector's checkpoint, and the log after it is scanned, so a history is never missing a stream
 * the projections have not reached yet (nor one a stopped projector never will).
 */
export class IndexedSubjectStreamLocator implements SubjectStreamLocator {
  constructor(
    private readonly readStore: DataSource,
    private readonly store: EventStore,
    private readonly pageSize = 5000,
  ) {}

  async locate(subject: SubjectRef): Promise<LocatedStream[]> {
    // The checkpoint first: rows read afterwards cover at least everything up to it.
    const checkpoint = (await readCheckpoints(this.readStore)).get(INDEX_PROJECTOR) ?? 0;
    const found = new Map<string, StreamScope>();
    const add = (streamId: string, scope: StreamScope): void => {
      if (found.get(streamId) !== 'whole') found.set(streamId, scope);
    };
    for (const row of await findSubjectStreams(this.readStore, subject.kind, subject.id)) add(row.streamId, SCOPE_OF[row.relation]);
    const key = subjectKey(subject);
    for (let position = checkpoint; ;) {
      const page = await this.store.readAll({ fromPosition: position, limit: this.pageSize });
      for (const event of page) for (const [linked, scope] of subjectsOf(event)) if (linked === key) add(event.streamId, scope);
      if (page.length < this.pageSize) break;
      position = page[page.length - 1].position;
    }
    return [...found].map(([streamId, scope]) => ({ streamId, scope }));
  }
}
