import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CheckFinding, CheckOutcome, CheckState, CreditCheckPerformed, decideCheck, DomainError, initialCheckState, overdueOrders, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { FoldedStreams } from '../command-support/folded-streams';
import { foldCommitment, foldRecord, loadCheck } from '../command-support/stream-loaders';
import { LapseOutcome, LapseRectificationCommand } from '../deadlines/lapse-rectification.command';
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
 * A lapse already due among the institution's records (its deadline day ended with no on-time
 * rectification) is written first, as the deadline watcher writes it: the lapse is effective
 * deadline + 1 whenever the system notices it, and a check is such a notice, so the recorded
 * outcome (the listing and the ban) does not depend on whether the sweep has run yet.
 */
@CommandHandler(PerformCreditCheckCommand)
export class PerformCreditCheckHandler implements ICommandHandler<PerformCreditCheckCommand, CreditCheckResult> {
  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    private readonly folds: FoldedStreams,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  async execute({ data, meta }: PerformCreditCheckCommand): Promise<CreditCheckResult> {
    const checkId = data.checkId ?? generatedId('chk', meta.context);
    const { subject } = data;
    await this.lapseDue({ data, meta }, checkId);
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
        return { state: { check: check.state, context: await this.subjectContext(subject) }, revision: check.revision };
      },
      ({ check, context }) =>
        decideCheck({ type: 'PerformCreditCheck', today: businessToday(this.clock), data: { ...data, checkId } }, check, context),
      meta,
    );
    const performed = outcome.events.find((e): e is CreditCheckPerformed => e.type === 'CreditCheckPerformed');
    if (!performed) throw new Error(`check ${checkId} appended no CreditCheckPerformed`);
    return { ...outcome, checkId, outcome: performed.data.outcome, findings: performed.data.findings };
  }

  /** The subject's streams as they stand, folded (cached): whether it is registered, its records and, for an institution, its commitments. */
  private async subjectContext(subject: PerformCreditCheckCommand['data']['subject']) {
    const { known: subjectKnown, recordIds, commitmentIds } = await this.index.subjectStreams(subject);
    // The index has read the log since this request came, so it knows each stream's revision.
    const [records, commitments] = await Promise.all([
      Promise.all(recordIds.map(async (id) => (await foldRecord(this.folds, this.ledger, id, this.index.streamRevision(streamNames.record(id)))).state)),
      Promise.all(
        commitmentIds.map(async (id) => (await foldCommitment(this.folds, this.ledger, id, this.index.streamRevision(streamNames.commitment(id)))).state),
      ),
    ]);
    return { subjectKnown, records, commitments };
  }

  /**
   * Writes the lapses due among an institution's records (LapseRectificationCommand, the watcher's
   * own: one lapse per record, whoever comes first) — only for a check that will be recorded, as a
   * refused command appends nothing: not for a retry answered from the log (nor a key reused with
   * another body, refused there), nor under If-Match (a check opens a stream of its own: there is no
   * revision to match, so it ends in 412 or the decider's refusal), and the check is decided once on
   * the streams as they stand (a refusal lapses nothing).
   */
  private async lapseDue({ data, meta }: PerformCreditCheckCommand, checkId: string): Promise<void> {
    if (data.subject?.kind !== 'INSTITUTION' || meta.ifMatch !== undefined) return;
    if (!meta.newCommandId && (await this.ledger.previousAppend(streamNames.check(checkId), meta.context)) !== undefined) return;
    const today = businessToday(this.clock);
    const context = await this.subjectContext(data.subject);
    const due = overdueOrders(context.records, today);
    if (due.length === 0) return;
    const check = data.checkId === undefined ? initialCheckState() : (await loadCheck(this.ledger, checkId)).state;
    try {
      decideCheck({ type: 'PerformCreditCheck', today, data: { ...data, checkId } }, check, context);
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    for (const lapse of due) {
      await this.commands.execute<LapseRectificationCommand, LapseOutcome>(new LapseRectificationCommand(lapse.recordId, lapse.orderId));
    }
  }
}
