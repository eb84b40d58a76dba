import { Inject, Injectable } from '@nestjs/common';
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
export class StreamIndex {
  private position = 0;
  private readonly officials = new Map<string, string>();
  private readonly records = new Map<string, string[]>();
  private readonly commitments = new Map<string, string[]>();
  private readonly exemplars = new Map<string, string[]>();
  private tail: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The institution where a person is registered as an official, if anywhere. */
  async officialInstitution(personId: string): Promise<string | undefined> {
    await this.catchUp();
    return this.officials.get(personId);
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

  /** Resolves once everything in the log when it was called is indexed; callers share one reader. */
  catchUp(): Promise<void> {
    const next = this.tail.then(() => this.readTail());
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async readTail(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({ fromPosition: this.position, limit: BATCH });
      for (const event of events) this.apply(event);
      if (events.length > 0) this.position = events[events.length - 1].position;
      if (events.length < BATCH) return;
    }
  }

  private apply({ type, data }: StoredEvent): void {
    switch (type) {
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
