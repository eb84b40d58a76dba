import { parseStreamName } from '@app/domain';
import type { EventStore, StoredEvent } from '@app/event-store';
import type { SubjectRef } from './subject-ref';

/**
 * How a stream concerns a subject: `whole` — every event of the stream belongs to the subject's
 * history; `mentions` — only the events that name the subject do.
 *
 * The rule (domain.md §1: auditors replay a subject's full history, discipline bodies trace who
 * was accountable for each failure; api.md: the history holds every stream that concerns the
 * subject):
 * - an institution: every stream about it is `whole` (its institution stream, its commitments,
 *   the records, exemplars and checks about it);
 * - an official: the streams about them (records, exemplars, checks of the official) are `whole`;
 *   so are the streams of the things they are a party to — a commitment they signed
 *   (`commitment-*`: its fulfilment, breach or amendment) and a record holding an accountability
 *   obligation, decision or mitigation that names them (`record-*`: the obligation lives there,
 *   and what ends or changes it — `AccountabilityObligationCancelled`, `RecordRevoked`,
 *   `RecordCorrected` — names no person). A filter on `personId`/`signedBy` would drop those
 *   events, and the history would show an obligation open that the log has cancelled; the
 *   replay folds these streams whole anyway, so what is shown is what is folded.
 * - the one `mentions` stream of an official is their institution's stream: the institution's
 *   own register of all its officials and leaders, of which only their registration and
 *   appointment (the events naming them) are theirs.
 * The scope follows from the stream alone (`officialStreamScope`), so the log scan and the read
 * side's `subject_streams` index (its relation → scope) give the same answer, live or rebuilt.
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
 * Whether an event in an institution's stream names the official (their registration or
 * appointment): what a `mentions` stream contributes to the official's history.
 */
export function mentionsSubject(subject: SubjectRef, event: Pick<StoredEvent, 'data'>): boolean {
  if (subject.kind !== 'OFFICIAL') return false;
  return event.data.personId === subject.id || event.data.signedBy === subject.id;
}

/**
 * How a stream that names an official (by `personId` or `signedBy`) concerns them: only the
 * events naming them in an institution's stream (or a stream of no domain category), the whole
 * stream otherwise (a commitment they signed, a record holding their accountability). See
 * `StreamScope` for why.
 */
export function officialStreamScope(streamId: string): StreamScope {
  const category = parseStreamName(streamId)?.category;
  return category === undefined || category === 'institution' ? 'mentions' : 'whole';
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
    if (typeof person === 'string') found.push([keyOf('OFFICIAL', person), officialStreamScope(event.streamId)]);
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
