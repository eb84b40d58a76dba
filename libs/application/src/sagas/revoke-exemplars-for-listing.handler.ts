import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideExemplar, DomainError, InstitutionListed, isListingRevoked, jointPunishmentRevocations, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { decideAndAppend } from '../command-handling/decide-and-append';
import { loadExemplar, loadRecord } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { businessToday, CLOCK } from '../time/clock';
import { RevokeExemplarsForListingCommand } from './revoke-exemplars-for-listing.command';

/**
 * Revokes every red-list designation of the listed institution that is in force on a day the
 * institution is on the list (domain.md §4.4), or that another listing revoked from a later day.
 * One append per exemplar, its command id derived from the listing event and the exemplar (and
 * the title's last voiding, if any), so a replay finds each revocation already in the log.
 */
@CommandHandler(RevokeExemplarsForListingCommand)
export class RevokeExemplarsForListingHandler implements ICommandHandler<RevokeExemplarsForListingCommand, number> {
  private readonly logger = new Logger('Sagas');

  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ listing }: RevokeExemplarsForListingCommand): Promise<number> {
    const listed = listing.data as InstitutionListed['data'];
    const ids = await this.index.exemplarIdsAbout({ kind: 'INSTITUTION', id: listed.uscc });
    const loaded = await Promise.all(ids.map((id) => loadExemplar(this.ledger, id)));
    // By valid time, not by log position: a title in force on a day the institution was on the
    // list goes, even one appended after the listing (decided before the listing was written, with
    // a back-dated designatedOn); a title granted after the listing ended (delisted, as the record
    // stands now) stays when an old listing is replayed.
    const exemplars = loaded.filter((e) => e.events.length > 0).map((e) => e.state);
    // A title given back (its revocation voided: that listing was found wrong) may be revoked by
    // this listing afresh, also when this listing had revoked it before another superseded it: the
    // command id names the last voiding, so that revocation is not taken for this one's replay.
    const lastVoiding = new Map(
      loaded.flatMap((e) => {
        const voiding = [...e.events].reverse().find((event) => event.type === 'ExemplarRevocationVoided');
        return voiding ? [[String(voiding.data.exemplarId), voiding.id] as const] : [];
      }),
    );
    const record = (await loadRecord(this.ledger, listed.recordId)).state;
    // A listing revoked as wrong punishes no title — also one revoked after a repair had ended it,
    // which an older log did not delist again (isListingRevoked reads the whole record).
    if (record.status !== 'NONE' && isListingRevoked(record)) return 0;
    const delisted = record.status !== 'NONE' ? record.listing?.delisted : undefined;
    const today = businessToday(this.clock);
    let revoked = 0;
    for (const command of jointPunishmentRevocations(listed, exemplars, today, delisted)) {
      const exemplarId = command.data.exemplarId;
      // One title refused (revoked by hand since it was read) must not keep the others.
      const outcome = await decideAndAppend(
        this.ledger,
        streamNames.exemplar(exemplarId),
        () => loadExemplar(this.ledger, exemplarId),
        (state) => decideExemplar(command, state, { subjectKnown: true, records: [] }),
        {
          commandId: `joint-punishment:${listing.id}:${exemplarId}${lastVoiding.has(exemplarId) ? `:after:${lastVoiding.get(exemplarId)}` : ''}`,
          actor: { sub: 'saga:listing-revokes-exemplars', role: 'system' },
          correlationId: String(listing.metadata.correlationId ?? listing.id),
          causationId: listing.id,
        },
      ).catch((error: unknown) => {
        if (!(error instanceof DomainError) || error.code !== 'EXEMPLAR_NOT_ACTIVE') throw error;
        this.logger.warn(`exemplar ${exemplarId}: already revoked when the listing saga reached it`);
        return undefined;
      });
      if (outcome && !outcome.replayed) revoked += 1;
    }
    return revoked;
  }
}
