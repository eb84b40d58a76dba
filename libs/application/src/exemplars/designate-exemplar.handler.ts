import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideExemplar, ExemplarState, RecordState, streamNames, SubjectKind, withDueLapse } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { generatedId } from '../command-support/command-meta';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadExemplar, loadInstitution, loadRecord } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { businessToday, CLOCK } from '../time/clock';
import { DesignateExemplarCommand } from './designate-exemplar.command';

interface DesignationInputs {
  exemplar: ExemplarState;
  subjectKnown: boolean;
  records: RecordState[];
}

/**
 * 诚信典型: the subject's ban and listing status come from folding its record streams (found
 * through the log index), so a listing appended a moment ago is seen, and so is one already due
 * but not yet written by the deadline watcher (withDueLapse: the lapse is effective deadline + 1
 * whenever noticed), so whether the designation is refused does not depend on the sweep's timing.
 */
@CommandHandler(DesignateExemplarCommand)
export class DesignateExemplarHandler implements ICommandHandler<DesignateExemplarCommand, CommandOutcome & { exemplarId: string }> {
  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ data, meta }: DesignateExemplarCommand): Promise<CommandOutcome & { exemplarId: string }> {
    const exemplarId = data.exemplarId ?? generatedId('exm', meta.context);
    const outcome = await runOnStream(
      this.ledger,
      streamNames.exemplar(exemplarId),
      async () => {
        const { state, revision } = await loadExemplar(this.ledger, exemplarId);
        return { state: { exemplar: state, ...(await this.subjectInputs(data.subject)) }, revision };
      },
      ({ exemplar, subjectKnown, records }: DesignationInputs) =>
        decideExemplar({ type: 'DesignateExemplar', today: businessToday(this.clock), data: { ...data, exemplarId } }, exemplar, {
          subjectKnown,
          records,
        }),
      meta,
    );
    return { ...outcome, exemplarId };
  }

  private async subjectInputs(subject: { kind: SubjectKind; id: string }): Promise<Omit<DesignationInputs, 'exemplar'>> {
    const institution = subject.kind === 'INSTITUTION' ? (await loadInstitution(this.ledger, subject.id)).state : undefined;
    const subjectKnown = institution !== undefined ? institution.status === 'REGISTERED' : (await this.index.officialInstitution(subject.id)) !== undefined;
    if (!subjectKnown) return { subjectKnown, records: [] };
    const ids = await this.index.recordIdsAbout(subject);
    const today = businessToday(this.clock);
    const records = await Promise.all(
      ids.map(async (id) => {
        const { state } = await loadRecord(this.ledger, id);
        // Rectification is ordered against institutions only: an official's records never lapse.
        return institution !== undefined ? withDueLapse(state, today, { institution, policyProfile: this.config.policyProfile }) : state;
      }),
    );
    return { subjectKnown, records };
  }
}
