import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRecord, DomainError, RecordEvent, streamNames } from '@app/domain';
import { Clock, CommandContext, EventLedger, StoredEvent } from '@app/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { decideAndAppend } from '../command-handling/decide-and-append';
import { loadInstitution, loadRecord, recordInstitutionUscc } from '../command-support/stream-loaders';
import { businessToday, CLOCK } from '../time/clock';
import { LapseOutcome, LapseRectificationCommand } from './lapse-rectification.command';

/** Refusals that mean "nothing to do": the order is not overdue, or already lapsed or settled. */
const NOTHING_TO_DO = new Set(['RECTIFICATION_LAPSE_NOT_DUE', 'RECTIFICATION_ALREADY_LAPSED', 'RECORD_REVOKED']);

/**
 * The lapse is caused by the order it lapses (domain.md §6): causation is the id of that order's
 * `RectificationOrdered` event, correlation the order's own correlation id, as a saga links its
 * events to the event that triggered it.
 */
function causedByTheOrder(context: CommandContext, decided: readonly RecordEvent[], stream: readonly StoredEvent[]): void {
  const lapse = decided.find((e) => e.type === 'RectificationDeadlineLapsed');
  if (!lapse || lapse.type !== 'RectificationDeadlineLapsed') return;
  const ordered = stream.find((e) => e.type === 'RectificationOrdered' && e.data.orderId === lapse.data.orderId);
  if (!ordered) throw new Error(`record stream has no RectificationOrdered for ${lapse.data.orderId}`);
  context.causationId = ordered.id;
  context.correlationId = String(ordered.metadata.correlationId ?? ordered.id);
}

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
    // One lapse per record (the rule lapses the record's first due order, whichever order the
    // worklist named): derived from the record, so sweeps naming different orders agree.
    const context: CommandContext = { commandId: `lapse:${recordId}`, actor: { sub: 'deadline-watcher', role: 'system' } };
    let loaded: StoredEvent[] = [];
    try {
      const outcome = await decideAndAppend(
        this.ledger,
        streamNames.record(recordId),
        async () => {
          const record = await loadRecord(this.ledger, recordId);
          loaded = record.events;
          return record;
        },
        async (record) => {
          const uscc = recordInstitutionUscc(record);
          const institution = uscc ? (await loadInstitution(this.ledger, uscc)).state : { status: 'UNREGISTERED' as const };
          const decided = decideRecord(
            { type: 'LapseRectificationDeadline', today, data: { recordId } },
            record,
            { institution, policyProfile: this.config.policyProfile },
          );
          // Which order lapses is known only now (and again on each retry): the append that
          // follows this decision reads its causation and correlation from the context.
          causedByTheOrder(context, decided, loaded);
          return decided;
        },
        context,
      );
      return outcome.replayed ? { lapsed: false } : { lapsed: true, position: outcome.position };
    } catch (error) {
      if (error instanceof DomainError && NOTHING_TO_DO.has(error.code)) return { lapsed: false };
      throw error;
    }
  }
}
