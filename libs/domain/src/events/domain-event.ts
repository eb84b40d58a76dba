import { CheckEvent } from '../check/check.events';
import { CommitmentEvent } from '../commitment/commitment.events';
import { ExemplarEvent } from '../exemplar/exemplar.events';
import { InstitutionEvent } from '../institution/institution.events';
import { RecordEvent } from '../record/record.events';

/** Every event the domain emits: `{type, data}` with plain-JSON data (no Date, no classes). */
export type DomainEvent = InstitutionEvent | CommitmentEvent | RecordEvent | ExemplarEvent | CheckEvent;
export type DomainEventType = DomainEvent['type'];
export type EventOfType<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
