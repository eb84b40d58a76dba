import { Inject, Injectable } from '@nestjs/common';
import {
  CommitmentBreached,
  CommitmentEvent,
  decideRecord,
  evolveCommitment,
  initialCommitmentState,
  recordCommandForBreach,
  streamNames,
} from '@app/domain';
import { Actor, Clock, CommandContext, EventLedger, StoredEvent } from '@app/event-store';
import { upcastStoredEvent } from '../command-handling/upcasting';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadInstitution, loadRecord } from '../command-support/stream-loaders';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { businessToday, CLOCK } from '../time/clock';

/**
 * A breach opens a dishonesty record (domain.md §4.2), linked by causation to the breach event.
 * The command id derives from the breach event's id, so whoever gets there first — the breach
 * request itself, or the breach → record saga catching up after a crash between the two
 * appends — writes it, and the other is answered from the log: it happens once.
 */
@Injectable()
export class BreachRecordOpener {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  static commandIdFor(breach: StoredEvent): string {
    return `record-for-breach:${breach.id}`;
  }

  async open(breach: StoredEvent, actor: Actor): Promise<CommandOutcome & { recordId: string }> {
    const data = breach.data as CommitmentBreached['data'];
    // The commitment as it was when it was breached.
    const history = await this.ledger.readStream(breach.streamId);
    const commitment = history
      .filter((e) => e.revision <= breach.revision)
      .map(upcastStoredEvent)
      .reduce((state, e) => evolveCommitment(state, e as unknown as CommitmentEvent), initialCommitmentState());
    if (commitment.status !== 'MADE') throw new Error(`${breach.streamId} has no commitment before its breach`);
    const context: CommandContext = {
      commandId: BreachRecordOpener.commandIdFor(breach),
      actor,
      correlationId: String(breach.metadata.correlationId ?? breach.id),
      causationId: breach.id,
    };
    const outcome = await runOnStream(
      this.ledger,
      streamNames.record(data.recordId),
      async () => {
        const { state, revision } = await loadRecord(this.ledger, data.recordId);
        const institution = (await loadInstitution(this.ledger, commitment.institutionUscc)).state;
        return { state: { record: state, institution }, revision };
      },
      ({ record, institution }) =>
        decideRecord(recordCommandForBreach(commitment, data, businessToday(this.clock)), record, {
          institution,
          policyProfile: this.config.policyProfile,
          // The record names the commitment it was opened for: the decider checks it is the institution's.
          commitment,
        }),
      { context },
    );
    return { ...outcome, recordId: data.recordId };
  }
}
