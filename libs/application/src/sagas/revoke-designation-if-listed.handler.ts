import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ExemplarDesignated } from '@app/domain';
import { EventLedger } from '@app/event-store';
import { loadRecord } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { RevokeDesignationIfListedCommand } from './revoke-designation-if-listed.command';
import { RevokeExemplarsForListingCommand } from './revoke-exemplars-for-listing.command';

/**
 * A designation decided before a listing was written, but appended after the listing saga had
 * looked for titles to revoke, would keep a title that was in force while the institution was
 * listed: the listing saga never sees it. So every designation of an institution is checked
 * against the institution's listings as they stand, each one handed to the listing saga's own
 * command (same derived command ids: a title is revoked once, whichever saga comes first).
 */
@CommandHandler(RevokeDesignationIfListedCommand)
export class RevokeDesignationIfListedHandler implements ICommandHandler<RevokeDesignationIfListedCommand, number> {
  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    private readonly commands: CommandBus,
  ) {}

  async execute({ designation }: RevokeDesignationIfListedCommand): Promise<number> {
    const { subject } = designation.data as ExemplarDesignated['data'];
    if (subject?.kind !== 'INSTITUTION') return 0;
    const recordIds = await this.index.recordIdsAbout({ kind: 'INSTITUTION', id: subject.id });
    let revoked = 0;
    for (const recordId of recordIds) {
      const { events } = await loadRecord(this.ledger, recordId);
      for (const listing of events.filter((event) => event.type === 'InstitutionListed')) {
        revoked += await this.commands.execute<RevokeExemplarsForListingCommand, number>(new RevokeExemplarsForListingCommand(listing));
      }
    }
    return revoked;
  }
}
