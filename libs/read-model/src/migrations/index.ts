import { InitialReadModel1763770000000 } from './1763770000000-initial-read-model';
import { ProcessManagers1763780000000 } from './1763780000000-process-managers';
import { IdempotencyKeys1763790500000 } from './1763790500000-idempotency-keys';
import { SubjectStreams1763800000000 } from './1763800000000-subject-streams';
import { ReadModels1763810000000 } from './1763810000000-read-models';
import { QueueKeys1763820000000 } from './1763820000000-queue-keys';
import { ListIndexes1763830000000 } from './1763830000000-list-indexes';
import { DeadlineKeys1763840000000 } from './1763840000000-deadline-keys';
import { KnownAtIndexes1763850000000 } from './1763850000000-known-at-indexes';
import { LogInstantsLatest1763860000000 } from './1763860000000-log-instants-latest';
import { NarrowListCounts1763870000000 } from './1763870000000-narrow-list-counts';
import { IdempotencyExpiry1763890000000 } from './1763890000000-idempotency-expiry';
import { ListObjectionFlag1763900000000 } from './1763900000000-list-objection-flag';
import { GreyListValidTime1763910000000 } from './1763910000000-grey-list-valid-time';
import { CommitmentDueDateValidTime1763920000000 } from './1763920000000-commitment-due-date-valid-time';
import { PublicRevokedListings1763930000000 } from './1763930000000-public-revoked-listings';
import { CorrectedListingTerms1763940000000 } from './1763940000000-corrected-listing-terms';
import { WorklistOneLapse1763950000000 } from './1763950000000-worklist-one-lapse';
import { PublicListedRows1763960000000 } from './1763960000000-public-listed-rows';
import { RevokedRecordObjectionFlag1763970000000 } from './1763970000000-revoked-record-objection-flag';
import { RevokedListingsNeverListed1763980000000 } from './1763980000000-revoked-listings-never-listed';
import { CheckFeedbackFromPerformed1763990000000 } from './1763990000000-check-feedback-from-performed';
import { ProjectorFailures1764005000000 } from './1764005000000-projector-failures';
import { RevokedRecordsOffGreyList1764010000000 } from './1764010000000-revoked-records-off-grey-list';
import { RebuiltIndexColumnOrder1764020000000 } from './1764020000000-rebuilt-index-column-order';
import { RevokedListingsUncounted1764030000000 } from './1764030000000-revoked-listings-uncounted';

/** In order; TypeORM runs the ones not yet applied at start. */
export const READ_MODEL_MIGRATIONS = [InitialReadModel1763770000000, ProcessManagers1763780000000, IdempotencyKeys1763790500000, SubjectStreams1763800000000, ReadModels1763810000000, QueueKeys1763820000000, ListIndexes1763830000000, DeadlineKeys1763840000000, KnownAtIndexes1763850000000, LogInstantsLatest1763860000000, NarrowListCounts1763870000000, IdempotencyExpiry1763890000000, ListObjectionFlag1763900000000, GreyListValidTime1763910000000, CommitmentDueDateValidTime1763920000000, PublicRevokedListings1763930000000, CorrectedListingTerms1763940000000, WorklistOneLapse1763950000000, PublicListedRows1763960000000, RevokedRecordObjectionFlag1763970000000, RevokedListingsNeverListed1763980000000, CheckFeedbackFromPerformed1763990000000, ProjectorFailures1764005000000, RevokedRecordsOffGreyList1764010000000, RebuiltIndexColumnOrder1764020000000, RevokedListingsUncounted1764030000000];
