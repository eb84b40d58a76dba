import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRecord, DomainError, RecordEvent, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { decideAndAppend } from '../command-handling/decide-and-append';
import { loadInstitution, loadRecord } from '../command-support/stream-loaders';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { StreamIndex } from '../stream-index/stream-index';
import { businessToday, CLOCK } from '../time/clock';
import { ReassignAccountabilityCommand } from './reassign-accountability.command';

/**
 * Moves each open obligation of "the leader on the deadline day" to the leader the institution's
 * record shows now (domain.md §4.4). One append per record that changes, its command id derived
 * from the cause and the record, so a replayed batch writes nothing twice; a record that needs
 * nothing is not written to at all.
 */
@CommandHandler(ReassignAccountabilityCommand)
export class ReassignAccountabilityHandler implements ICommandHandler<ReassignAccountabilityCommand, number> {
  private readonly logger = new Logger('Sagas');

  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ cause }: ReassignAccountabilityCommand): Promise<number> {
    const uscc = typeof cause.data.uscc === 'string' ? cause.data.uscc : undefined;
    if (!uscc) return 0;
    const recordIds = cause.type === 'AccountabilityRequired' ? [String(cause.data.recordId)] : await this.index.recordIdsAbout({ kind: 'INSTITUTION', id: uscc });
    const today = businessToday(this.clock);
    let changed = 0;
    for (const recordId of recordIds) {
      const decide = async (record: Awaited<ReturnType<typeof loadRecord>>['state']): Promise<RecordEvent[]> => {
        const institution = (await loadInstitution(this.ledger, uscc)).state;
        return decideRecord({ type: 'ReassignAccountability', today, data: { recordId } }, record, { institution, policyProfile: this.config.policyProfile });
      };
      // Most records need nothing: decide once before writing, so they get no empty append.
      const { state } = await loadRecord(this.ledger, recordId);
      if (state.status !== 'ACTIVE' || (await decide(state)).length === 0) continue;
      // A record refused on its own (revoked meanwhile) must not keep the others as they are.
      const outcome = await decideAndAppend(this.ledger, streamNames.record(recordId), () => loadRecord(this.ledger, recordId), decide, {
        commandId: `reassign-accountability:${cause.id}:${recordId}`,
        actor: { sub: 'saga:leadership-moves-accountability', role: 'system' },
        correlationId: String(cause.metadata.correlationId ?? cause.id),
        causationId: cause.id,
      }).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`record ${recordId}: obligations not moved (${error.code}: ${error.message})`);
        return undefined;
      });
      if (outcome && !outcome.replayed) changed += 1;
    }
    return changed;
  }
}
