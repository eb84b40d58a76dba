import { SqliteEventStore, StoredEvent } from '@app/event-store';
import { join } from 'node:path';

/**
 * The embedded log (the real SqliteEventStore) for a spec: a file in `dir` (a temp dir the spec
 * removes), holding `events` (see appendStored). The caller closes it before removing `dir`.
 */
export async function openTestLog(dir: string, events: readonly StoredEvent[] = [], file = 'events.sqlite'): Promise<SqliteEventStore> {
  const log = await SqliteEventStore.open({ filename: join(dir, file), synchronous: 'OFF' });
  try {
    await appendStored(log, events);
  } catch (error) {
    await log.close();
    throw error;
  }
  return log;
}

/**
 * Appends events as `storedEvents` describes them (ids, types, data, metadata), one at a time in
 * log order, so the log then hands out exactly those: throws if the store gives one another
 * position or revision than the event says (events not following on from what the log holds).
 */
export async function appendStored(log: SqliteEventStore, events: readonly StoredEvent[]): Promise<void> {
  for (const event of events) {
    const { id, type, data, metadata } = event;
    const { positions, nextExpectedRevision } = await log.append(event.streamId, [{ id, type, data, metadata }], event.revision === 0 ? 'no_stream' : event.revision - 1);
    if (positions[0] !== event.position || nextExpectedRevision !== event.revision) {
      throw new Error(`event ${id} was appended at position ${positions[0]}, revision ${nextExpectedRevision}; it says ${event.position}, ${event.revision}`);
    }
  }
}
