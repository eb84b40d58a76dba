import { RECORD_ID, recorded } from '../testing/record-fixtures';
import { DOMAIN_EVENT_TYPES, EVENT_SCHEMA_VERSIONS } from './schema-versions';
import { UnknownEventSchemaError, upcast } from './upcasters';

/** A DishonestyRecorded as written before `domain` existed. */
function v1(category: string): { type: string; schemaVersion: number; data: Record<string, unknown> } {
  const { domain: _dropped, ...data } = recorded({ category: category as never }).data as unknown as Record<string, unknown>;
  return { type: 'DishonestyRecorded', schemaVersion: 1, data };
}

describe('event schema versions and upcasting (domain.md §6)', () => {
  it('every event type has a current schema version', () => {
    expect(DOMAIN_EVENT_TYPES).toHaveLength(33);
    for (const type of DOMAIN_EVENT_TYPES) expect(EVENT_SCHEMA_VERSIONS[type]).toBeGreaterThanOrEqual(1);
  });

  it('a v1 DishonestyRecorded without domain reads as v2 with the domain its category names', () => {
    const event = upcast(v1('PROCUREMENT_VIOLATION'));
    expect(event).toStrictEqual(recorded({ category: 'PROCUREMENT_VIOLATION', domain: 'GOVERNMENT_PROCUREMENT' }));
  });

  it('a v1 category that names no domain reads as OTHER', () => {
    const event = upcast(v1('ARREARS_TO_ENTERPRISES'));
    expect(event.type === 'DishonestyRecorded' && event.data.domain).toBe('OTHER');
    expect(event.type === 'DishonestyRecorded' && event.data.recordId).toBe(RECORD_ID);
  });

  it('a current-version event passes through unchanged', () => {
    const current = recorded();
    expect(upcast({ type: current.type, schemaVersion: 2, data: current.data })).toStrictEqual(current);
  });

  it('the stored event is not modified (upcast on read, never rewritten)', () => {
    const stored = v1('BIDDING_VIOLATION');
    const before = JSON.stringify(stored);
    upcast(stored);
    expect(JSON.stringify(stored)).toBe(before);
  });

  it('refuses unknown types and versions newer than this code knows', () => {
    expect(() => upcast({ type: 'SomethingElse', schemaVersion: 1, data: {} })).toThrow(UnknownEventSchemaError);
    expect(() => upcast({ type: 'DishonestyRecorded', schemaVersion: 3, data: {} })).toThrow(UnknownEventSchemaError);
  });
});
