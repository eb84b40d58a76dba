import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CheckFinding, CheckOutcome, CheckState, CreditCheckPerformed, decideCheck, initialCheckState, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { FoldedStreams } from '../command-support/folded-streams';
import { foldCommitment, foldRecord, loadCheck } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { businessToday, CLOCK } from '../time/clock';
import { PerformCreditCheckCommand } from './perform-credit-check.command';

export interface CreditCheckResult extends CommandOutcome {
  checkId: string;
  outcome: CheckOutcome;
  findings: CheckFinding[];
}

/**
 * Runs the check on the subject's streams themselves (not on a projection that may lag): every
 * record about the subject and, for an institution, its commitments. The check and what it
 * returned are recorded as CreditCheckPerformed, so the approver's feedback can be held to it.
 */
@CommandHandler(PerformCreditCheckCommand)
export class PerformCreditCheckHandler implements ICommandHandler<PerformCreditCheckCommand, CreditCheckResult> {
  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    private readonly folds: FoldedStreams,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ data, meta }: PerformCreditCheckCommand): Promise<CreditCheckResult> {
    const checkId = data.checkId ?? generatedId('chk', meta.context);
    const { subject } = data;
    let loads = 0;
    const outcome = await runOnStream(
      this.ledger,
      streamNames.check(checkId),
      async () => {
        loads += 1;
        // A generated id names a stream no earlier command wrote (or, under an Idempotency-Key,
        // one the replay lookup before this found empty): the append expects no stream, which the
        // store checks, and a retry after a conflict reads it.
        const check: { state: CheckState; revision: number | 'no_stream' } =
          data.checkId === undefined && loads === 1 ? { state: initialCheckState(), revision: 'no_stream' } : await loadCheck(this.ledger, checkId);
        const { known: subjectKnown, recordIds, commitmentIds } = await this.index.subjectStreams(subject);
        // The index has read the log since this request came, so it knows each stream's revision.
        const [records, commitments] = await Promise.all([
          Promise.all(recordIds.map(async (id) => (await foldRecord(this.folds, this.ledger, id, this.index.streamRevision(streamNames.record(id)))).state)),
          Promise.all(
            commitmentIds.map(async (id) => (await foldCommitment(this.folds, this.ledger, id, this.index.streamRevision(streamNames.commitment(id)))).state),
          ),
        ]);
        return { state: { check: check.state, context: { subjectKnown, records, commitments } }, revision: check.revision };
      },
      ({ check, context }) =>
        decideCheck({ type: 'PerformCreditCheck', today: businessToday(this.clock), data: { ...data, checkId } }, check, context),
      meta,
    );
    const performed = outcome.events.find((e): e is CreditCheckPerformed => e.type === 'CreditCheckPerformed');
    if (!performed) throw new Error(`check ${checkId} appended no CreditCheckPerformed`);
    return { ...outcome, checkId, outcome: performed.data.outcome, findings: performed.data.findings };
  }
}
