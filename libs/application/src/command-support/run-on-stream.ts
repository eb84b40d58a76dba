import { EventLedger, WrongExpectedRevisionError } from '@app/event-store';
import { AppendOutcome, decideAndAppend } from '../command-handling/decide-and-append';
import { upcastStoredEvent } from '../command-handling/upcasting';
import { CommandMeta } from './command-meta';
import { PreconditionFailedError } from './preconditions';

/**
 * Every round of a conflict has a winner, so N writers racing on one stream need at most N
 * attempts; this bounds a pathological storm, not ordinary contention.
 */
const MAX_ATTEMPTS = 64;

export interface Decided {
  type: string;
  data: object;
}

export interface CommandOutcome extends AppendOutcome {
  /** The events this command appended (read back from the log when the request was a retry). */
  events: Decided[];
}

/**
 * decideAndAppend for HTTP commands: with `If-Match` a stale revision is a 412 instead of a silent
 * retry (an action on a resource that does not exist stays the decider's 404; a command that would
 * create the stream is a 412, as there is no revision to match), and the outcome names the events the command wrote, so a
 * handler can answer with ids the decider chose (orderId, obligationId) also on a replay.
 */
export async function runOnStream<S>(
  ledger: EventLedger,
  streamId: string,
  load: () => Promise<{ state: S; revision: number | 'no_stream' }>,
  decide: (state: S) => Decided[],
  meta: Pick<CommandMeta, 'context' | 'ifMatch' | 'newCommandId'>,
): Promise<CommandOutcome> {
  let produced: Decided[] = [];
  try {
    const outcome = await decideAndAppend(
      ledger,
      streamId,
      load,
      (state) => (produced = decide(state)),
      meta.context,
      {
        ...(meta.ifMatch === undefined ? { maxAttempts: MAX_ATTEMPTS } : { ifMatch: meta.ifMatch }),
        newCommandId: meta.newCommandId === true,
      },
    );
    return { ...outcome, events: outcome.replayed ? await appendedEvents(ledger, streamId, outcome) : produced };
  } catch (error) {
    if (meta.ifMatch !== undefined && error instanceof WrongExpectedRevisionError) {
      throw new PreconditionFailedError(streamId, meta.ifMatch, error.actual);
    }
    throw error;
  }
}

async function appendedEvents(ledger: EventLedger, streamId: string, outcome: AppendOutcome): Promise<Decided[]> {
  const first = outcome.revision - outcome.positions.length + 1;
  const events = await ledger.readStream(streamId, first);
  return events.slice(0, outcome.positions.length).map(upcastStoredEvent);
}

/** The data of the first appended event of a type (for ids the decider chose). */
export function dataOf<T extends object>(events: Decided[], type: string): T | undefined {
  return events.find((e) => e.type === type)?.data as T | undefined;
}
