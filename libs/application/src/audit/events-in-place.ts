import { checkAnchors, computeEventHash, CorruptEventError, GENESIS_HASH, type EventStore, type StoredEvent } from '@app/event-store';
import { historyEvent, type HistoryEvent } from './subject-history';

/** An event looked up by position (provenance), with what was checked of it. */
export type EventInPlace = HistoryEvent & {
  /** Its stored id is the eventId its hash covers (a rewritten id would let a retried command append again). */
  idValid: boolean;
  /** Its hash recomputes from its own content and stored prevHash. */
  hashValid: boolean;
  /** Its prevHash is the hash of its stream's previous event (64 zeros for revision 0). */
  prevHashLinked: boolean;
  /** Where the store anchors the log digest: it sits in the digest chain where it stands (absent otherwise). */
  anchorValid?: boolean;
  /** All of the above. */
  verified: boolean;
  /** Why a check could not be made (the previous event of its stream cannot be read). */
  detail?: string;
};

/**
 * Each event checked in its place, not only against itself: its id and hash (the checks
 * `verify` makes of every row), its link to its stream's
 * previous event, and (embedded store) its link into the log's digest chain with the rows on
 * either side — so an event edited with its hash recomputed is not reported valid.
 */
export async function eventsInPlace(store: EventStore, events: readonly StoredEvent[]): Promise<EventInPlace[]> {
  const anchors = await checkAnchors(store, events);
  return Promise.all(
    events.map(async (event) => {
      const prevHash = String(event.metadata.prevHash ?? '');
      const idValid = event.metadata.eventId === event.id;
      const hashValid = computeEventHash(prevHash, event) === event.metadata.hash;
      let previous: StoredEvent | undefined;
      let detail: string | undefined;
      try {
        [previous] = event.revision > 0 ? await store.readStream(event.streamId, event.revision - 1, 1) : [];
      } catch (error) {
        // A damaged neighbour is a verdict on the link, not a failure of the lookup.
        if (!(error instanceof CorruptEventError)) throw error;
        detail = `the previous event of its stream cannot be read: ${error.message}`;
      }
      const prevHashLinked = event.revision === 0 ? prevHash === GENESIS_HASH : previous?.revision === event.revision - 1 && previous.metadata.hash === prevHash;
      const anchorValid = anchors.anchored ? !anchors.events.has(event.position) : undefined;
      return {
        ...historyEvent(event),
        idValid,
        hashValid,
        prevHashLinked,
        ...(anchorValid !== undefined && { anchorValid }),
        verified: idValid && hashValid && prevHashLinked && anchorValid !== false,
        ...(detail !== undefined && { detail }),
      };
    }),
  );
}
