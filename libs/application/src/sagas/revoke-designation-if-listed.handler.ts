import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ExemplarDesignated } from '@app/domain';
import { EventLedger } from '@app/event-store';
import { StreamIndex } from '../stream-index/stream-index';
import { listingsOfInstitution } from './institution-listings';
import { RevokeDesignationIfListedCommand } from './revoke-designation-if-listed.command';
import { RevokeExemplarsForListingCommand } from './revoke-exemplars-for-listing.command';

/**
 * A designation decided before a listing was written, but appended after the listing saga had
 * looked for titles to revoke, would keep a title that was in force while the institution was
 * listed: the listing saga never sees it. So every designation of an institution is checked
 * against the institution's listings as they stand, each one handed to the listing saga's own
 * command (same derived command ids: a title is revoked once, whichever saga comes first), the
 * earliest listed first (the title goes from the first day it was listed).
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
    let revoked = 0;
    for (const listing of await listingsOfInstitution(this.ledger, this.index, subject.id)) {
      revoked += await this.commands.execute<RevokeExemplarsForListingCommand, number>(new RevokeExemplarsForListingCommand(listing));
    }
    return revoked;
  }
}
