import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRecord, DomainError, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { decideAndAppend } from '../command-handling/decide-and-append';
import { loadInstitution, loadRecord, recordInstitutionUscc } from '../command-support/stream-loaders';
import { businessToday, CLOCK } from '../time/clock';
import { LapseOutcome, LapseRectificationCommand } from './lapse-rectification.command';

/** Refusals that mean "nothing to do": the order is not overdue, or already lapsed or settled. */
const NOTHING_TO_DO = new Set(['RECTIFICATION_LAPSE_NOT_DUE', 'RECTIFICATION_ALREADY_LAPSED', 'RECORD_REVOKED']);

/**
 * Lapses a record's overdue order (one lapse per record: the rule takes its first due order). The
 * command id is derived from the record, so however many sweeps (or service instances) try at
 * once, the lapse is written once; the others find it in the log.
 */
@CommandHandler(LapseRectificationCommand)
export class LapseRectificationHandler implements ICommandHandler<LapseRectificationCommand, LapseOutcome> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ recordId }: LapseRectificationCommand): Promise<LapseOutcome> {
    const today = businessToday(this.clock);
    try {
      const outcome = await decideAndAppend(
        this.ledger,
        streamNames.record(recordId),
        () => loadRecord(this.ledger, recordId),
        async (record) => {
          const uscc = recordInstitutionUscc(record);
          const institution = uscc ? (await loadInstitution(this.ledger, uscc)).state : { status: 'UNREGISTERED' as const };
          return decideRecord(
            { type: 'LapseRectificationDeadline', today, data: { recordId } },
            record,
            { institution, policyProfile: this.config.policyProfile },
          );
        },
        // One lapse per record (the rule lapses the record's first due order, whichever order the
        // worklist named): derived from the record, so sweeps naming different orders agree.
        { commandId: `lapse:${recordId}`, actor: { sub: 'deadline-watcher', role: 'system' } },
      );
      return outcome.replayed ? { lapsed: false } : { lapsed: true, position: outcome.position };
    } catch (error) {
      if (error instanceof DomainError && NOTHING_TO_DO.has(error.code)) return { lapsed: false };
      throw error;
    }
  }
}
