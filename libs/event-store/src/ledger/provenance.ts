import type { EventStore, StoredEvent } from '../event-store.port';

/**
 * A pointer from a derived fact (a list entry, a ban, an obligation, a publication window) back
 * to the event in the log that produced or ended it. The position finds the event; the stream,
 * revision and hash let an auditor check that the event found is the one that was meant.
 */
export interface EventRef {
  /** Global log position, a decimal string as everywhere in the API. */
  position: string;
  streamId: string;
  revision: number;
  type: string;
  eventId: string;
  hash: string;
  recordedAt: string;
}

/** Which events made a derived fact true, and which (if any) ended it. */
export interface Provenance {
  producedBy: EventRef[];
  endedBy: EventRef[];
}

export function eventRef(event: StoredEvent): EventRef {
  return {
    position: String(event.position),
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    eventId: event.id,
    hash: String(event.metadata.hash ?? ''),
    recordedAt: String(event.metadata.recordedAt ?? ''),
  };
}

export function provenance(producedBy: StoredEvent[], endedBy: StoredEvent[] = []): Provenance {
  return { producedBy: producedBy.map(eventRef), endedBy: endedBy.map(eventRef) };
}

/**
 * The events at the given positions, in log order; positions with no event are left out (the
 * caller compares lengths). The store's own lookup when it has one (`EventStore.readEventsAt`:
 * EventStoreDB positions are sparse byte offsets, so position arithmetic means nothing there);
 * otherwise `readAll` one event after `position - 1`, which finds the event at `position` if
 * there is one.
 */
export async function readEventsAt(store: EventStore, positions: readonly number[]): Promise<StoredEvent[]> {
  if (store.readEventsAt) return store.readEventsAt(positions);
  const found: StoredEvent[] = [];
  for (const position of [...new Set(positions)].sort((a, b) => a - b)) {
    const [event] = await store.readAll({ fromPosition: position - 1, limit: 1 });
    if (event?.position === position) found.push(event);
  }
  return found;
}
