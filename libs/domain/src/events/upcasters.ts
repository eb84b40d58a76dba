/**
 * Upcasting on read: a stored event of an older schema version is turned, one version at a time,
 * into the current shape. Nothing in the log is rewritten.
 */
import { Domain, RecordCategory } from '../shared/enums';
import { DomainEvent, DomainEventType } from './domain-event';
import { EVENT_SCHEMA_VERSIONS, isDomainEventType } from './schema-versions';

export interface StoredEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

type JsonObject = Record<string, unknown>;
/** Turns data of version N into version N + 1. */
type Upcaster = (data: JsonObject) => JsonObject;

/** v1 records had no domain; the category names it where it can, otherwise OTHER. */
const DOMAIN_OF_CATEGORY: Partial<Record<RecordCategory, Domain>> = {
  PROCUREMENT_VIOLATION: 'GOVERNMENT_PROCUREMENT',
  BIDDING_VIOLATION: 'BIDDING',
  DEBT_VIOLATION: 'GOVERNMENT_DEBT',
  ENVIRONMENTAL_FAILURE: 'ENVIRONMENT',
};

const dishonestyRecordedV1ToV2: Upcaster = (data) => ({
  ...data,
  domain: DOMAIN_OF_CATEGORY[data.category as RecordCategory] ?? 'OTHER',
});

/**
 * v1 corrections never carried the listing's terms; their data is valid v2 as it is, and evolve
 * works the terms out from the corrected policy version (applyCorrections).
 */
const recordCorrectedV1ToV2: Upcaster = (data) => data;

/** UPCASTERS[type][n] upcasts version n to n + 1. */
const UPCASTERS: Partial<Record<DomainEventType, Record<number, Upcaster>>> = {
  DishonestyRecorded: { 1: dishonestyRecordedV1ToV2 },
  RecordCorrected: { 1: recordCorrectedV1ToV2 },
};

export class UnknownEventSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownEventSchemaError';
  }
}

/** The current-version event for a stored one; throws for unknown types or versions. */
export function upcast(stored: StoredEvent): DomainEvent {
  if (!isDomainEventType(stored.type)) throw new UnknownEventSchemaError(`unknown event type ${stored.type}`);
  const current = EVENT_SCHEMA_VERSIONS[stored.type];
  if (!Number.isInteger(stored.schemaVersion) || stored.schemaVersion < 1 || stored.schemaVersion > current) {
    throw new UnknownEventSchemaError(`${stored.type} has no schema version ${stored.schemaVersion} (current ${current})`);
  }
  let data = stored.data as JsonObject;
  for (let version = stored.schemaVersion; version < current; version++) {
    const step = UPCASTERS[stored.type]?.[version];
    if (!step) throw new UnknownEventSchemaError(`no upcaster for ${stored.type} v${version}`);
    data = step(data);
  }
  return { type: stored.type, data } as DomainEvent;
}
