import type { EventStore, StoredEvent } from '../event-store.port';
import { verifyLog, VerificationReport } from './log-verifier';

/**
 * Checks one stream's hash chain — revisions 0..n without gaps, every prevHash link and every
 * hash — with exactly the rules of `verifyLog`, by running it over a log that holds only this
 * stream. The events are taken in log order, so rows whose positions were swapped show up as a
 * revision out of place. The anchored log digest says nothing about a single stream and is left out.
 */
export function verifyStream(events: readonly StoredEvent[]): Promise<VerificationReport> {
  const ordered = events.map(({ logDigest: _log, ...event }) => event).sort((a, b) => a.position - b.position);
  return verifyLog(oneStreamLog(ordered), { pageSize: Math.max(1, ordered.length) });
}

/** The part of the port `verifyLog` reads, over events already in memory. */
function oneStreamLog(ordered: StoredEvent[]): EventStore {
  const readAll: EventStore['readAll'] = async ({ fromPosition = 0, limit } = {}) => {
    const after = ordered.filter((event) => event.position > fromPosition);
    return limit === undefined || limit < 0 ? after : after.slice(0, limit);
  };
  const unsupported = (): never => {
    throw new Error('a one-stream view only supports reading the log');
  };
  return {
    enforcesUniqueEventIds: true,
    readAll,
    headPosition: async () => ordered[ordered.length - 1]?.position ?? 0,
    append: unsupported,
    readStream: unsupported,
    readLastEvent: unsupported,
    findEventsById: unsupported,
    subscribeToAll: unsupported,
    close: async () => undefined,
  };
}
