import type { EventStore, StoredEvent } from '@app/event-store';
import type { ProjectionContext } from '../projectors/projection-context';
import type { Projector } from '../projectors/projector';

/**
 * The log after `from` and up to `until` (inclusive; Infinity: to its end), in batches of at most
 * `batchSize` events. The next batch is read while the caller uses one; if the caller stops
 * (a failed batch), that read's refusal is not left unhandled.
 */
export async function* logBatches(store: Pick<EventStore, 'readAll'>, from: number, until: number, batchSize: number): AsyncGenerator<StoredEvent[]> {
  const read = (after: number): Promise<StoredEvent[]> => {
    const pending =
      until === Infinity
        ? store.readAll({ fromPosition: after, limit: batchSize })
        : store.readAll({ fromPosition: after, limit: Math.max(1, Math.min(batchSize, until - after)) }).then((events) => events.filter((e) => e.position <= until));
    pending.catch(() => undefined);
    return pending;
  };
  let next = from < until ? read(from) : undefined;
  while (next) {
    const events = await next;
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    next = last < until ? read(last) : undefined;
    yield events;
  }
}

/**
 * The projectors of a batch run side by side on the batch's one connection: their tables are
 * disjoint and each awaits its own statements in order, so while SQLite (on libuv's threads) or
 * PostgreSQL executes one projector's statements, another folds events on the main thread. Every
 * projector has finished (or failed) before this returns, so nothing is still running when the
 * transaction commits or rolls back.
 */
export async function applyConcurrently(projectors: Projector[], events: StoredEvent[], context: ProjectionContext): Promise<void> {
  const outcomes = await Promise.allSettled(projectors.map((projector) => projector.apply(events, context.manager, context)));
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
