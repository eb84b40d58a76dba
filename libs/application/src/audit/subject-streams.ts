import { parseStreamName } from '@app/domain';
import type { EventStore, StoredEvent } from '@app/event-store';
import type { SubjectRef } from './subject-ref';

/**
 * How a stream concerns a subject: `whole` — the stream is about the subject (its institution
 * stream, its commitments, records, exemplars, checks); `mentions` — only the events that name
 * the subject belong to its history (an official's appointment in an institution's stream, the
 * accountability obligation on a leader in an institution's record).
 */
export type StreamScope = 'whole' | 'mentions';

export interface LocatedStream {
  streamId: string;
  scope: StreamScope;
}

/** Finds the streams that concern a subject. */
export interface SubjectStreamLocator {
  locate(subject: SubjectRef): Promise<LocatedStream[]>;
}

export const SUBJECT_STREAM_LOCATOR = Symbol('SUBJECT_STREAM_LOCATOR');

/** The events that open a stream about a subject named in their `subject` field. */
const SUBJECT_OPENING_EVENTS = new Set(['DishonestyRecorded', 'ExemplarDesignated', 'CreditCheckPerformed']);

/**
 * Whether an event in a stream not about the official names them: appointed, registered,
 * signatory of a commitment, held accountable, mitigated.
 */
export function mentionsSubject(subject: SubjectRef, event: Pick<StoredEvent, 'data'>): boolean {
  if (subject.kind !== 'OFFICIAL') return false;
  return event.data.personId === subject.id || event.data.signedBy === subject.id;
}

const keyOf = (kind: string, id: string): string => `${kind}:${id}`;

/** The key `subjectsOf` names a subject by. */
export const subjectKey = (subject: SubjectRef): string => keyOf(subject.kind, subject.id);

/** Every subject an event ties its stream to, and how. */
export function subjectsOf(event: Pick<StoredEvent, 'streamId' | 'type' | 'data'>): Array<[string, StreamScope]> {
  const found: Array<[string, StreamScope]> = [];
  const parsed = parseStreamName(event.streamId);
  if (parsed?.category === 'institution') found.push([keyOf('INSTITUTION', parsed.id), 'whole']);
  if (event.type === 'CommitmentMade' && typeof event.data.institutionUscc === 'string') {
    found.push([keyOf('INSTITUTION', event.data.institutionUscc), 'whole']);
  }
  if (SUBJECT_OPENING_EVENTS.has(event.type)) {
    const named = event.data.subject as { kind?: unknown; id?: unknown } | undefined;
    if (typeof named?.kind === 'string' && typeof named.id === 'string') found.push([keyOf(named.kind, named.id), 'whole']);
  }
  for (const person of [event.data.personId, event.data.signedBy]) {
    if (typeof person === 'string') found.push([keyOf('OFFICIAL', person), 'mentions']);
  }
  return found;
}

/**
 * Finds a subject's streams from the log itself, so it is never behind it: an in-memory index
 * (subject → streams, a few bytes per stream; stream ids never change once written) that reads
 * the log's tail before every answer. The first answer costs one pass over `$all`.
 */
export class LogSubjectStreamIndex implements SubjectStreamLocator {
  private position = 0;
  private readonly streams = new Map<string, Map<string, StreamScope>>();
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly pageSize = 5000,
  ) {}

  async locate(subject: SubjectRef): Promise<LocatedStream[]> {
    await this.catchUp();
    const found = this.streams.get(subjectKey(subject));
    return found ? [...found].map(([streamId, scope]) => ({ streamId, scope })) : [];
  }

  /** Resolves once everything in the log when it was called is indexed; callers share one reader. */
  catchUp(onProgress?: (position: number) => void): Promise<void> {
    const next = this.tail.then(() => this.readTail(onProgress));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async readTail(onProgress?: (position: number) => void): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ fromPosition: this.position, limit: this.pageSize });
      for (const event of page) this.add(event);
      if (page.length > 0) this.position = page[page.length - 1].position;
      onProgress?.(this.position);
      if (page.length < this.pageSize) return;
    }
  }

  private add(event: StoredEvent): void {
    for (const [key, scope] of subjectsOf(event)) {
      let streams = this.streams.get(key);
      if (!streams) this.streams.set(key, (streams = new Map()));
      // A stream about the subject stays `whole` when the subject is also mentioned in it.
      if (streams.get(event.streamId) !== 'whole') streams.set(event.streamId, scope);
    }
  }
}
