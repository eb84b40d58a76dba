import { decideExemplar, ExemplarState, revocationInForce, streamNames } from '@app/domain';
import type { CommandContext, EventLedger } from '@app/event-store';
import { decideAndAppend } from '../command-handling/decide-and-append';
import { loadExemplar } from '../command-support/stream-loaders';

/** The rule found nothing to append on the stream as it stands: nothing to append, nothing to refuse. */
class NothingToAppend extends Error {}

/**
 * One saga append to a red-list title's stream, decided on it as it stands (again on a retry after
 * another writer got in): `decide` gets the state and the record the revocation in force names
 * (`ExemplarRevoked.causedByRecordId`), and may decide nothing. True if events were appended just
 * now (not found under the command id already, not nothing decided); a refusal is thrown.
 */
export async function decideOnExemplar(
  ledger: EventLedger,
  exemplarId: string,
  decide: (state: ExemplarState, revocationCause: string | undefined) => ReturnType<typeof decideExemplar>,
  context: CommandContext,
): Promise<boolean> {
  let cause: string | undefined;
  const outcome = await decideAndAppend(
    ledger,
    streamNames.exemplar(exemplarId),
    async () => {
      const loaded = await loadExemplar(ledger, exemplarId);
      const named = revocationInForce(loaded.events)?.data.causedByRecordId;
      cause = typeof named === 'string' ? named : undefined;
      return loaded;
    },
    (state) => {
      const decided = decide(state, cause);
      if (decided.length === 0) throw new NothingToAppend();
      return decided;
    },
    context,
  ).catch((error: unknown) => {
    if (error instanceof NothingToAppend) return undefined;
    throw error;
  });
  return outcome !== undefined && !outcome.replayed;
}
