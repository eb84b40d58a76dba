import { Injectable } from '@nestjs/common';
import { ICommand, ISaga } from '@nestjs/cqrs';
import { JOINT_PUNISHMENT } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { filter, map, Observable } from 'rxjs';
import { CancelRevokedLapseObligationsCommand } from './cancel-revoked-lapse-obligations.command';
import { OpenRecordForBreachCommand } from './open-record-for-breach.command';
import { ReassignAccountabilityCommand } from './reassign-accountability.command';
import { RevokeRestrictedOfficialTitlesCommand } from './revoke-restricted-official-titles.command';
import { RevokeDesignationIfListedCommand } from './revoke-designation-if-listed.command';
import { RevokeExemplarsForListingCommand } from './revoke-exemplars-for-listing.command';
import { VoidJointPunishmentsCommand } from './void-joint-punishments.command';

/** Record events that may change whether an official's record restricts on a given day. */
const RESTRICTION_CHANGES = new Set(['RecordCorrected', 'RecordRevoked', 'MitigationDecided', 'PublicationEnded']);

const ofEventType = (type: string) => filter((event: StoredEvent) => event.type === type);

/** The reactions of the ledger (domain.md §4.2, §4.4), as @nestjs/cqrs sagas over stored events. */
@Injectable()
export class LedgerSagas {
  /** A breach opens a dishonesty record against the institution. */
  breachOpensRecord: ISaga<StoredEvent, ICommand> = (events$: Observable<StoredEvent>) =>
    events$.pipe(ofEventType('CommitmentBreached'), map((event) => new OpenRecordForBreachCommand(event)));

  /** A listing takes away the institution's red-list titles (联合惩戒). */
  listingRevokesExemplars: ISaga<StoredEvent, ICommand> = (events$: Observable<StoredEvent>) =>
    events$.pipe(ofEventType('InstitutionListed'), map((event) => new RevokeExemplarsForListingCommand(event)));

  /** A designation appended after a listing it overlaps (decided before the listing was written) goes too. */
  designationMeetsListings: ISaga<StoredEvent, ICommand> = (events$: Observable<StoredEvent>) =>
    events$.pipe(ofEventType('ExemplarDesignated'), map((event) => new RevokeDesignationIfListedCommand(event)));

  /**
   * The leader on the deadline day is who the institution's record says: an appointment entered
   * late, or one racing a lapse, moves the open obligations to that leader.
   */
  leadershipMovesAccountability: ISaga<StoredEvent, ICommand> = (events$: Observable<StoredEvent>) =>
    events$.pipe(
      filter((event) => event.type === 'PrincipalLeaderAppointed' || event.type === 'AccountabilityRequired'),
      map((event) => new ReassignAccountabilityCommand(event)),
    );

  /**
   * No leader answers for a lapse found wrong: an objection decided LISTING_REVOKED cancels the
   * obligations it left open — none since the decision cancels them itself; in a log written
   * before, those it left OPEN (new to a deployment, the saga reads the log from its beginning).
   */
  listingRevocationCancelsAccountability: ISaga<StoredEvent, ICommand> = (events$: Observable<StoredEvent>) =>
    events$.pipe(
      filter((event) => event.type === 'ObjectionDecided' && event.data.outcome === 'LISTING_REVOKED'),
      map((event) => new CancelRevokedLapseObligationsCommand(event)),
    );

  /**
   * A listing found wrong punishes no title: the revocations for 联合惩戒 it caused are voided.
   * On the decision and on each such revocation, so whichever is appended second finds the other
   * (the listing saga may reach a title after the decision was written). New to a deployment, the
   * saga reads the log from its beginning and voids those of listings revoked before it existed.
   */
  listingRevocationRestoresExemplars: ISaga<StoredEvent, ICommand> = (events$: Observable<StoredEvent>) =>
    events$.pipe(
      filter(
        (event) =>
          (event.type === 'ObjectionDecided' && (event.data.outcome === 'LISTING_REVOKED' || event.data.outcome === 'RECORD_REVOKED')) ||
          (event.type === 'ExemplarRevoked' && event.data.reason === JOINT_PUNISHMENT && event.data.causedByRecordId !== undefined),
      ),
      map((event) => new VoidJointPunishmentsCommand(event)),
    );

  /**
   * An official whose record restricts award evaluations loses the red-list titles in force on a
   * day it does (联合惩戒), whichever was entered first; a revocation whose record no longer
   * restricted the official on its day (revoked, corrected, exempted, out of publication by then)
   * is voided. On every record event that may change the restriction, and on each designation of
   * an official; the handler skips records about institutions.
   */
  officialRestrictionRevokesExemplars: ISaga<StoredEvent, ICommand> = (events$: Observable<StoredEvent>) =>
    events$.pipe(
      filter(
        (event) =>
          RESTRICTION_CHANGES.has(event.type) ||
          (event.type === 'DishonestyRecorded' && (event.data.subject as { kind?: string } | undefined)?.kind === 'OFFICIAL') ||
          (event.type === 'ExemplarDesignated' && (event.data.subject as { kind?: string } | undefined)?.kind === 'OFFICIAL'),
      ),
      map((event) => new RevokeRestrictedOfficialTitlesCommand(event)),
    );

  all(): Array<{ name: string; saga: ISaga<StoredEvent, ICommand> }> {
    return [
      { name: 'saga:breach-to-record', saga: this.breachOpensRecord },
      { name: 'saga:listing-revokes-exemplars', saga: this.listingRevokesExemplars },
      { name: 'saga:designation-meets-listings', saga: this.designationMeetsListings },
      { name: 'saga:leadership-moves-accountability', saga: this.leadershipMovesAccountability },
      { name: 'saga:listing-revocation-cancels-accountability', saga: this.listingRevocationCancelsAccountability },
      { name: 'saga:listing-revocation-restores-exemplars', saga: this.listingRevocationRestoresExemplars },
      { name: 'saga:official-restriction-revokes-exemplars', saga: this.officialRestrictionRevokesExemplars },
    ];
  }
}
