import {
  CommitmentEvent,
  CommitmentState,
  evolveCommitment,
  evolveRecord,
  initialCommitmentState,
  initialRecordState,
  parseStreamName,
  RecordEvent,
  RecordState,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { toNumber } from '../../sql/sql';
import type { ProjectionContext } from '../projection-context';
import { slimStateJson } from './slim-state';

export type SourceState = { category: 'record'; state: RecordState } | { category: 'commitment'; state: CommitmentState };

interface Entry {
  source: SourceState;
  position: number;
  dirty: boolean;
}

/**
 * A projector's own copy of the record and commitment states it needs to ask the domain's
 * rules, folded by the domain's evolve and kept without free text. Loaded and written once per
 * batch; an event at or before a state's position is not folded twice.
 */
export class StreamStates {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly table: string,
    private readonly context: ProjectionContext,
    private readonly keepText: ReadonlySet<string> = new Set(),
  ) {}

  static categoryOf(streamId: string): 'record' | 'commitment' | undefined {
    const category = parseStreamName(streamId)?.category;
    return category === 'record' || category === 'commitment' ? category : undefined;
  }

  async load(streamIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(streamIds)].filter((id) => !this.entries.has(id));
    const rows = await this.context.sql.selectIn<{ stream_id: string; state: string; position: unknown }>(
      this.context.table(this.table),
      'stream_id, state, position',
      'stream_id',
      missing,
    );
    for (const row of rows) {
      this.entries.set(row.stream_id, { source: JSON.parse(row.state), position: toNumber(row.position), dirty: false });
    }
  }

  /** Folds the event into its stream's state; undefined when it is not new for this stream. */
  fold(event: StoredEvent): SourceState | undefined {
    const category = StreamStates.categoryOf(event.streamId);
    if (!category) return undefined;
    let entry = this.entries.get(event.streamId);
    if (!entry) {
      entry = { source: category === 'record' ? { category, state: initialRecordState() } : { category, state: initialCommitmentState() }, position: 0, dirty: false };
      this.entries.set(event.streamId, entry);
    }
    if (event.position <= entry.position) return undefined;
    entry.source =
      entry.source.category === 'record'
        ? { category: 'record', state: evolveRecord(entry.source.state, event as unknown as RecordEvent) }
        : { category: 'commitment', state: evolveCommitment(entry.source.state, event as unknown as CommitmentEvent) };
    entry.position = event.position;
    entry.dirty = true;
    return entry.source;
  }

  get(streamId: string): SourceState | undefined {
    return this.entries.get(streamId)?.source;
  }

  async flush(): Promise<void> {
    // Free text is dropped when the state is stored, once per batch, not on every fold.
    const rows = [...this.entries.entries()].filter(([, e]) => e.dirty).map(([id, e]) => [id, slimStateJson(e.source, this.keepText), e.position]);
    await this.context.sql.insert(this.context.table(this.table), ['stream_id', 'state', 'position'], rows, { key: ['stream_id'], update: ['state', 'position'] });
    for (const entry of this.entries.values()) entry.dirty = false;
  }
}
