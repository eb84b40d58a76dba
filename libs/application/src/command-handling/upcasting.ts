import { currentSchemaVersion, isDomainEventType, upcast } from '@app/domain';
import type { NewEvent, StoredEvent } from '@app/event-store';

/**
 * A stored event as the current code expects it: older schema versions are upcast on read
 * (domain.md §6). The stored bytes, and so the hashes, are untouched.
 */
export function upcastStoredEvent(event: StoredEvent): StoredEvent {
  const schemaVersion = Number(event.metadata.schemaVersion ?? 1);
  if (isDomainEventType(event.type) && schemaVersion === currentSchemaVersion(event.type)) return event;
  const current = upcast({ type: event.type, schemaVersion, data: event.data });
  return { ...event, data: current.data as Record<string, unknown> };
}

/** New events are written in their current schema version. */
export function withSchemaVersion(event: { type: string; data: object }): NewEvent {
  if (!isDomainEventType(event.type)) throw new Error(`not a domain event type: ${event.type}`);
  return { type: event.type, data: event.data as Record<string, unknown>, schemaVersion: currentSchemaVersion(event.type) };
}
