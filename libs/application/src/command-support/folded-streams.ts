import { Injectable } from '@nestjs/common';
import type { EventLedger } from '@app/event-store';
import { upcastStoredEvent } from '../command-handling/upcasting';

type Evolve<S> = (state: S, event: { type: string; data: Record<string, unknown> }) => S;

interface Folded {
  revision: number;
  state: unknown;
}

/** How many folded streams are kept; the least recently used go first. */
const DEFAULT_CAPACITY = 10_000;

/**
 * Folded states of streams a command reads but does not write (a credit check reads every record
 * and commitment of its subject), with the revision each was folded to. A stream's events never
 * change once written, so a fold up to revision r stays the fold up to r: when the caller knows
 * the stream is still at r (from a log read made after it was asked), the state is answered
 * without a read; when it has grown, only the new events are read and folded on. Without a
 * known revision the stream is read from where the fold stopped, which is a read of its tail.
 *
 * Folds are pure (the domain's `evolve`), so the cached state is exactly what a fresh read and
 * fold would give. States are shared between callers and must not be mutated.
 */
@Injectable()
export class FoldedStreams {
  private readonly folds = new Map<string, Folded>();
  capacity = DEFAULT_CAPACITY;

  async load<S>(
    ledger: EventLedger,
    streamId: string,
    knownRevision: number | undefined,
    initialState: () => S,
    evolve: Evolve<S>,
  ): Promise<{ state: S; revision: number | 'no_stream' }> {
    const cached = this.folds.get(streamId);
    if (cached && knownRevision !== undefined && cached.revision >= knownRevision) {
      this.touch(streamId, cached);
      return { state: cached.state as S, revision: cached.revision };
    }
    const events = await ledger.readStream(streamId, cached ? cached.revision + 1 : 0);
    if (!cached && events.length === 0) return { state: initialState(), revision: 'no_stream' };
    // Another caller may have folded further meanwhile: keep whichever fold is ahead.
    const base = this.folds.get(streamId) ?? cached;
    let state = (cached ? cached.state : initialState()) as S;
    let revision = cached ? cached.revision : -1;
    for (const stored of events) {
      // Reads are contiguous from the requested revision; anything else is not ours to fold.
      if (stored.revision !== revision + 1) throw new Error(`stream ${streamId}: expected revision ${revision + 1}, read ${stored.revision}`);
      state = evolve(state, upcastStoredEvent(stored));
      revision = stored.revision;
    }
    const folded = base && base.revision > revision ? base : { revision, state };
    this.touch(streamId, folded);
    return { state: folded.state as S, revision: folded.revision };
  }

  private touch(streamId: string, folded: Folded): void {
    this.folds.delete(streamId);
    if (this.folds.size >= this.capacity) this.folds.delete(this.folds.keys().next().value as string);
    this.folds.set(streamId, folded);
  }
}
