import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideExemplar, DishonestyRecord, ExemplarRevoked, isListingRevoked, JOINT_PUNISHMENT, ObjectionDecided, revocationInForce } from '@app/domain';
import { Clock, EventLedger, StoredEvent } from '@app/event-store';
import { loadExemplar, loadRecord } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { businessToday, CLOCK } from '../time/clock';
import { listingsOfInstitution } from './institution-listings';
import { RevokeExemplarsForListingCommand } from './revoke-exemplars-for-listing.command';
import { VoidJointPunishmentsCommand } from './void-joint-punishments.command';
import { decideOnExemplar } from './exemplar-append';

/**
 * A listing found wrong by an objection punishes no title (domain.md §4.4, §4.5): each red-list
 * title it revoked for 联合惩戒 gets its revocation voided (ExemplarRevocationVoided), so the red
 * list does not depend on whether the listing saga reached a title before or after the objection
 * was decided. Run on both events, so whichever of the two is appended second finds the other:
 * the decision (every title of the institution) and a joint-punishment revocation (that title).
 * One append per revocation, its command id derived from the revocation event, so both triggers,
 * a restart or a replay from the start void it once. A title voided may still fall to another
 * listing of the institution in force when it was active: each of those is run through the
 * listing saga's own command again, the earliest listed first (its derived ids revoke a title
 * once per listing).
 */
@CommandHandler(VoidJointPunishmentsCommand)
export class VoidJointPunishmentsHandler implements ICommandHandler<VoidJointPunishmentsCommand, number> {
  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ trigger }: VoidJointPunishmentsCommand): Promise<number> {
    const target = targetOf(trigger);
    if (!target) return 0;
    const { state: record } = await loadRecord(this.ledger, target.recordId);
    if (record.status === 'NONE' || !record.listing || !isListingRevoked(record)) return 0;
    const uscc = record.listing.uscc;
    const exemplarIds = target.exemplarId !== undefined ? [target.exemplarId] : await this.index.exemplarIdsAbout({ kind: 'INSTITUTION', id: uscc });
    let voided = 0;
    for (const exemplarId of exemplarIds) voided += await this.voidOne(exemplarId, record, trigger);
    // Also when nothing was voided just now: a retry, or a restart from the checkpoint, after the
    // voiding was appended but before the other listings had their turn (they are idempotent).
    await this.revokeForOtherListings(uscc, target.recordId);
    return voided;
  }

  private async voidOne(exemplarId: string, record: DishonestyRecord, trigger: StoredEvent): Promise<number> {
    const revocation = revocationInForce((await loadExemplar(this.ledger, exemplarId)).events);
    if (revocation?.data.causedByRecordId !== record.recordId) return 0;
    const command = { type: 'VoidJointPunishment' as const, today: businessToday(this.clock), data: { exemplarId, recordId: record.recordId } };
    const appended = await decideOnExemplar(
      this.ledger,
      exemplarId,
      (state, revocationCause) => decideExemplar(command, state, { subjectKnown: true, records: [record], revocationCause }),
      {
        commandId: `void-joint-punishment:${revocation.id}`,
        actor: { sub: 'saga:listing-revocation-restores-exemplars', role: 'system' },
        correlationId: String(trigger.metadata.correlationId ?? trigger.id),
        causationId: trigger.id,
      },
    );
    return appended ? 1 : 0;
  }

  /**
   * The institution's other listings, each through the listing saga again, the earliest listed
   * first: a title restored may have been in force while one stood.
   */
  private async revokeForOtherListings(uscc: string, recordId: string): Promise<void> {
    for (const listing of await listingsOfInstitution(this.ledger, this.index, uscc, recordId)) {
      await this.commands.execute<RevokeExemplarsForListingCommand, number>(new RevokeExemplarsForListingCommand(listing));
    }
  }
}

/** The record whose listing was found wrong, and the one title concerned when the trigger is a revocation. */
function targetOf(trigger: StoredEvent): { recordId: string; exemplarId?: string } | undefined {
  if (trigger.type === 'ObjectionDecided') {
    const { recordId, outcome } = trigger.data as Partial<ObjectionDecided['data']>;
    if ((outcome !== 'LISTING_REVOKED' && outcome !== 'RECORD_REVOKED') || typeof recordId !== 'string') return undefined;
    return { recordId };
  }
  if (trigger.type === 'ExemplarRevoked') {
    const { exemplarId, reason, causedByRecordId } = trigger.data as Partial<ExemplarRevoked['data']>;
    if (reason !== JOINT_PUNISHMENT || typeof causedByRecordId !== 'string' || typeof exemplarId !== 'string') return undefined;
    return { recordId: causedByRecordId, exemplarId };
  }
  return undefined;
}
