import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRecord, initialInstitutionState, ObjectionDecided, RecordEvent, RecordState, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { decideAndAppend } from '../command-handling/decide-and-append';
import { loadRecord } from '../command-support/stream-loaders';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { businessToday, CLOCK } from '../time/clock';
import { CancelRevokedLapseObligationsCommand } from './cancel-revoked-lapse-obligations.command';

/** The rule found nothing open: nothing to append (an append needs an event), nothing to refuse. */
class NothingOpen extends Error {}

/**
 * Cancels the accountability obligations a LISTING_REVOKED decision left open, in logs written
 * before the decision cancelled them in its own append (domain.md §4.5). One append per decision,
 * its command id derived from the decision event, so a restart or a replay from the start finds it
 * in the log and cancels nothing twice; a record with nothing open (every log written since: the
 * decision cancelled them) is not written to at all. A refusal (the objection unknown to its record)
 * is a DomainError the saga runner logs and skips.
 */
@CommandHandler(CancelRevokedLapseObligationsCommand)
export class CancelRevokedLapseObligationsHandler implements ICommandHandler<CancelRevokedLapseObligationsCommand, number> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ decision }: CancelRevokedLapseObligationsCommand): Promise<number> {
    const { recordId, objectionId, outcome } = decision.data as Partial<ObjectionDecided['data']>;
    if (outcome !== 'LISTING_REVOKED' || typeof recordId !== 'string' || typeof objectionId !== 'string') return 0;
    const command = { type: 'CancelRevokedLapseObligations' as const, today: businessToday(this.clock), data: { recordId, objectionId } };
    // The rule reads the record alone (the cancellation is dated by the decision, not by today's leadership).
    const decide = (record: RecordState): RecordEvent[] => {
      const events = decideRecord(command, record, { institution: initialInstitutionState(), policyProfile: this.config.policyProfile });
      if (events.length === 0) throw new NothingOpen();
      return events;
    };
    const appended = await decideAndAppend(this.ledger, streamNames.record(recordId), () => loadRecord(this.ledger, recordId), decide, {
      commandId: `cancel-revoked-lapse-obligations:${decision.id}`,
      actor: { sub: 'saga:listing-revocation-cancels-accountability', role: 'system' },
      correlationId: String(decision.metadata.correlationId ?? decision.id),
      causationId: decision.id,
    }).catch((error: unknown) => {
      if (error instanceof NothingOpen) return undefined;
      throw error;
    });
    return appended && !appended.replayed ? 1 : 0;
  }
}
