import { CommandContext, EventLedger, ExpectedRevision, IdempotencyKeyReusedError, LedgerAppendResult, StoredEvent, WrongExpectedRevisionError } from '@app/event-store';
import { upcastStoredEvent, withSchemaVersion } from './upcasting';



/** Reads a stream and folds it into the decider's state, remembering the revision read. */
export async function loadStream<S>(
  ledger: EventLedger,
  streamId: string,
  initialState: () => S,
  evolve: (state: S, event: { type: string; data: Record<string, unknown> }) => S,
): Promise<{ state: S; revision: number | 'no_stream'; events: StoredEvent[] }> {
  const events = (await ledger.readStream(streamId)).map(upcastStoredEvent);
  let state = initialState();
  for (const event of events) state = evolve(state, event);
  return { state, revision: events.length === 0 ? 'no_stream' : events[events.length - 1].revision, events };
}

type DecidedEvents = ReadonlyArray<{ type: string; data: object }>;

export interface AppendOutcome {
  positions: number[];
  /** The global position of the command's last event, as the API returns it. */
  position: string;
  revision: number;
  replayed: boolean;
}

/**
 * The shape of every command handler: load → decide → append with the revision just read.
 * A command whose id is already in the stream (a retried request) is answered from the log.
 * When another writer got in between, the whole cycle runs again on the new state (the decision
 * may differ); `ifMatch` turns that retry off and surfaces the conflict instead.
 */
export async function decideAndAppend<S>(
  ledger: EventLedger,
  streamId: string,
  load: () => Promise<{ state: S; revision: number | 'no_stream' }>,
  /** May load further streams the rule needs (cross-stream inputs); runs again on a retry. */
  decide: (state: S) => DecidedEvents | Promise<DecidedEvents>,
  context: CommandContext,
  options: {
    ifMatch?: number;
    maxAttempts?: number;
    /**
     * The command id was made for this command just now (a random id, no Idempotency-Key): no
     * earlier append can carry it, so the log is not searched for one.
     */
    newCommandId?: boolean;
  } = {},
): Promise<AppendOutcome> {
  // Every lost round has a winner, so N racing writers need up to N attempts.
  const maxAttempts = options.maxAttempts ?? 200;
  /**
   * A retried request may race its original, which commits after the first look: the state then
   * read holds the original's events, and the decider refuses (a stream that already exists, a
   * second rectification), If-Match no longer holds, or the append finds the stream moved on.
   * Each of those looks in the log again, and the original's answer is the retry's.
   */
  const earlier = async (): Promise<AppendOutcome | undefined> => {
    if (options.newCommandId) return undefined;
    const previous = await ledger.previousAppend(streamId, context);
    return previous ? outcomeOf(previous) : undefined;
  };
  const first = await earlier();
  if (first) return first;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { state, revision } = await load();
      if (options.ifMatch !== undefined && revision !== options.ifMatch) {
        // No stream: the command's own answer comes first (an action on a resource that does not exist
        // is refused by the decider, 404), so If-Match fails only a command that would have created
        // the stream (RFC 9110 §13.1.1: with no current representation the condition is false).
        if (revision === 'no_stream') await decide(state);
        throw new WrongExpectedRevisionError(streamId, options.ifMatch, revision);
      }
      const events = (await decide(state)).map(withSchemaVersion);
      const expected: ExpectedRevision = revision;
      return outcomeOf(await ledger.append(streamId, events, expected, context));
    } catch (error) {
      // The attempt's own error stands when the log cannot be searched either (a store outage).
      const original = await earlier().catch((lookup: unknown) => {
        if (lookup instanceof IdempotencyKeyReusedError) throw lookup;
        return undefined;
      });
      if (original) return original;
      if (!(error instanceof WrongExpectedRevisionError) || options.ifMatch !== undefined || attempt >= maxAttempts) throw error;
      // A little jitter spreads the racers out, so each round costs fewer wasted decisions.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
  }
}

function outcomeOf(result: LedgerAppendResult): AppendOutcome {
  return {
    positions: result.positions,
    position: String(result.positions[result.positions.length - 1]),
    revision: result.nextExpectedRevision,
    replayed: result.replayed,
  };
}
