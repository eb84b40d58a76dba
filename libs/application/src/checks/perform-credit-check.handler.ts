import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CheckFinding, CheckOutcome, CreditCheckPerformed, decideCheck, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadCheck, loadCommitment, loadInstitution, loadRecord } from '../command-support/stream-loaders';
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
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ data, meta }: PerformCreditCheckCommand): Promise<CreditCheckResult> {
    const checkId = data.checkId ?? generatedId('chk', meta.context);
    const { subject } = data;
    const outcome = await runOnStream(
      this.ledger,
      streamNames.check(checkId),
      async () => {
        const { state, revision } = await loadCheck(this.ledger, checkId);
        const subjectKnown =
          subject.kind === 'INSTITUTION'
            ? (await loadInstitution(this.ledger, subject.id)).state.status === 'REGISTERED'
            : (await this.index.officialInstitution(subject.id)) !== undefined;
        const recordIds = subjectKnown ? await this.index.recordIdsAbout(subject) : [];
        const commitmentIds = subjectKnown && subject.kind === 'INSTITUTION' ? await this.index.commitmentIdsOf(subject.id) : [];
        const records = await Promise.all(recordIds.map(async (id) => (await loadRecord(this.ledger, id)).state));
        const commitments = await Promise.all(commitmentIds.map(async (id) => (await loadCommitment(this.ledger, id)).state));
        return { state: { check: state, context: { subjectKnown, records, commitments } }, revision };
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
