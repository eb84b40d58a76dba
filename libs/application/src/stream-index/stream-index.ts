import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { parseStreamName } from '@app/domain';
import { EVENT_STORE, EventStore, StoredEvent } from '@app/event-store';

type SubjectRef = { kind: string; id: string };

const BATCH = 5000;
const subjectKey = ({ kind, id }: SubjectRef): string => `${kind}:${id}`;

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/**
 * Which streams concern a subject, read from the log itself (not from the read model, which may
 * lag): officials by personId, and the record, commitment and exemplar streams of a subject.
 * Every lookup first reads the log's tail, so it knows everything appended before it was asked;
 * the rules then fold those streams themselves. Only ids are kept: they never change once written.
 */
@Injectable()
export class StreamIndex implements OnApplicationBootstrap {
  private position = 0;
  private readonly officials = new Map<string, string>();
  private readonly records = new Map<string, string[]>();
  private readonly commitments = new Map<string, string[]>();
  private readonly exemplars = new Map<string, string[]>();
  private readonly institutions = new Set<string>();
  /** Last revision seen of every record and commitment stream (what a check folds). */
  private readonly revisions = new Map<string, number>();
  private reading: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly logger = new Logger('StreamIndex');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Reads the log once at start, in the background, so the first command does not pay for it. */
  onApplicationBootstrap(): void {
    this.catchUp().catch((error: unknown) => this.logger.warn(`could not read the log at start: ${String(error)}`));
  }

  /** The institution where a person is registered as an official, if anywhere. */
  async officialInstitution(personId: string): Promise<string | undefined> {
    await this.catchUp();
    return this.officials.get(personId);
  }

  /**
   * What a credit check needs about a subject, after one catch-up: whether it is registered
   * (an institution's stream holds its InstitutionRegistered, the only event that makes it
   * REGISTERED, which nothing undoes; an official's OfficialRegistered), the records about
   * it and, for an institution, its commitments.
   */
  async subjectStreams(subject: SubjectRef): Promise<{ known: boolean; recordIds: string[]; commitmentIds: string[] }> {
    await this.catchUp();
    const known = subject.kind === 'INSTITUTION' ? this.institutions.has(subject.id) : this.officials.has(subject.id);
    if (!known) return { known, recordIds: [], commitmentIds: [] };
    return {
      known,
      recordIds: [...(this.records.get(subjectKey(subject)) ?? [])],
      commitmentIds: subject.kind === 'INSTITUTION' ? [...(this.commitments.get(subject.id) ?? [])] : [],
    };
  }

  /**
   * The revision of a record or commitment stream as of the last catch-up (after any of the
   * lookups above in the same request, at least its revision when that lookup was asked).
   */
  streamRevision(streamId: string): number | undefined {
    return this.revisions.get(streamId);
  }

  /** Ids of the dishonesty records about a subject (institution uscc or official personId). */
  async recordIdsAbout(subject: SubjectRef): Promise<string[]> {
    await this.catchUp();
    return [...(this.records.get(subjectKey(subject)) ?? [])];
  }

  /** Ids of the commitments an institution made. */
  async commitmentIdsOf(uscc: string): Promise<string[]> {
    await this.catchUp();
    return [...(this.commitments.get(uscc) ?? [])];
  }

  /** Ids of the red-list designations of a subject. */
  async exemplarIdsAbout(subject: SubjectRef): Promise<string[]> {
    await this.catchUp();
    return [...(this.exemplars.get(subjectKey(subject)) ?? [])];
  }

  /**
   * Resolves once everything in the log when it was called is indexed. A read already under way
   * may have started before the call, so callers arriving meanwhile share the one read queued
   * after it: under load there are at most two reads, however many callers wait.
   */
  catchUp(): Promise<void> {
    if (!this.reading) {
      this.reading = this.readTail().finally(() => {
        this.reading = undefined;
      });
      return this.reading;
    }
    this.queued ??= this.reading
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.catchUp();
      });
    return this.queued;
  }

  private async readTail(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({ fromPosition: this.position, limit: BATCH });
      for (const event of events) this.apply(event);
      if (events.length > 0) this.position = events[events.length - 1].position;
      if (events.length < BATCH) return;
    }
  }

  private apply({ type, data, streamId, revision }: StoredEvent): void {
    const stream = parseStreamName(streamId);
    if (stream?.category === 'record' || stream?.category === 'commitment') this.revisions.set(streamId, revision);
    switch (type) {
      case 'InstitutionRegistered':
        if (stream?.category === 'institution') this.institutions.add(stream.id);
        break;
      case 'OfficialRegistered':
        if (!this.officials.has(String(data.personId))) this.officials.set(String(data.personId), String(data.institutionUscc));
        break;
      case 'DishonestyRecorded':
        addTo(this.records, subjectKey(data.subject as SubjectRef), String(data.recordId));
        break;
      case 'CommitmentMade':
        addTo(this.commitments, String(data.institutionUscc), String(data.commitmentId));
        break;
      case 'ExemplarDesignated':
        addTo(this.exemplars, subjectKey(data.subject as SubjectRef), String(data.exemplarId));
        break;
      default:
        break;
    }
  }
}
