import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNTABILITY_MEASURES, DOMAINS, FINDING_TYPES, OBJECTION_OUTCOMES, RECORD_CATEGORIES, SEVERITIES, SUBJECT_KINDS } from '@app/domain';

/** OpenAPI shapes of GET /v1/records/{id} ("as in the archive"); the values come from the record's stream. */
class SubjectViewDto {
  @ApiProperty({ enum: SUBJECT_KINDS }) kind: string;
  @ApiProperty() id: string;
  @ApiPropertyOptional() institutionUscc?: string;
}

class FindingViewDto {
  @ApiProperty({ enum: FINDING_TYPES }) type: string;
  @ApiProperty() documentNo: string;
  @ApiProperty() authority: string;
  @ApiProperty({ format: 'date' }) findingOn: string;
}

class PublicationViewDto {
  @ApiProperty({ description: 'MINOR records are never published' }) published: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) firstDay: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Last day of the maximum period' }) lastDay: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) minimumLastDay: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) earliestRepairOn: string | null;
  @ApiProperty({
    description:
      'Whether the repair rules leave a day an application can succeed: false when the record and its listing leave publication before earliestRepairOn (a jinan-hitech listing), when a repair was granted, or the record revoked or no longer published early',
  })
  repairable: boolean;
  @ApiProperty({ description: 'In publication today' }) inPublication: boolean;
  @ApiPropertyOptional({ format: 'date' }) endedOn?: string;
  @ApiPropertyOptional({ enum: ['REPAIRED', 'RECORD_REVOKED'] }) endReason?: string;
}

class ReviewViewDto {
  @ApiProperty({ format: 'date' }) reviewedOn: string;
  @ApiProperty() accepted: boolean;
  @ApiPropertyOptional() reason?: string;
}

class OrderViewDto {
  @ApiProperty() orderId: string;
  @ApiProperty({ format: 'date' }) orderedOn: string;
  @ApiProperty({ format: 'date' }) deadline: string;
  @ApiProperty() requirements: string;
  @ApiProperty({ enum: ['OPEN', 'COMPLETED', 'LAPSED', 'RECTIFIED_LATE'] }) status: string;
  @ApiPropertyOptional({ format: 'date', description: 'Effective date of the lapse (deadline + 1)' }) lapsedOn?: string;
}

class ReportViewDto {
  @ApiProperty() reportId: string;
  @ApiProperty() orderId: string;
  @ApiProperty({ format: 'date' }) reportedOn: string;
  @ApiProperty() evidence: string;
  @ApiProperty({ description: 'Filed on or before the deadline' }) onTime: boolean;
  @ApiPropertyOptional({ type: ReviewViewDto }) review?: ReviewViewDto;
}

class RectificationViewDto {
  @ApiProperty({ type: OrderViewDto, isArray: true }) orders: OrderViewDto[];
  @ApiProperty({ type: ReportViewDto, isArray: true }) reports: ReportViewDto[];
  @ApiProperty() lapsed: boolean;
  @ApiPropertyOptional({ format: 'date' }) lapsedOn?: string;
}

class ListingViewDto {
  @ApiProperty({ format: 'date' }) listedOn: string;
  @ApiProperty({ format: 'date' }) publicationLastDay: string;
  @ApiProperty({ format: 'date' }) minimumLastDay: string;
  @ApiProperty() policyVersion: string;
  @ApiProperty({ description: 'On the list today' }) listed: boolean;
  @ApiPropertyOptional({ format: 'date' }) delistedOn?: string;
  @ApiPropertyOptional({ enum: ['RECORD_REVOKED', 'LISTING_REVOKED', 'REPAIRED'] }) delistReason?: string;
}

class BanEndedByDto {
  @ApiProperty({ enum: ['AwardBanVoided', 'AwardBanLiftedEarly'] }) type: string;
  @ApiPropertyOptional() legalBasis?: string;
  @ApiPropertyOptional() decisionNo?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ description: '{sub, role} of who ended it', type: 'object', additionalProperties: true }) actor: unknown;
}

class AwardBanViewDto {
  @ApiProperty() banId: string;
  @ApiProperty({ type: SubjectViewDto }) subject: SubjectViewDto;
  @ApiProperty() recordId: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) lastDay: string;
  @ApiProperty({ enum: ['ACTIVE', 'EXPIRED', 'VOIDED', 'LIFTED_EARLY', 'NOT_STARTED'], description: 'As of today' }) status: string;
  @ApiPropertyOptional({ format: 'date' }) endedOn?: string;
  @ApiPropertyOptional({ type: BanEndedByDto }) endedBy?: BanEndedByDto;
}

class DecisionViewDto {
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty({ enum: OBJECTION_OUTCOMES }) outcome: string;
  @ApiProperty() reason: string;
}

class ObjectionViewDto {
  @ApiProperty() objectionId: string;
  @ApiProperty({ format: 'date' }) filedOn: string;
  @ApiProperty() grounds: string;
  @ApiPropertyOptional({ type: DecisionViewDto }) decision?: DecisionViewDto;
}

class RepairDecisionViewDto {
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty() granted: boolean;
  @ApiProperty() reason: string;
}

class RepairViewDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ format: 'date' }) appliedOn: string;
  @ApiProperty() evidence: string;
  @ApiPropertyOptional({ type: RepairDecisionViewDto }) decision?: RepairDecisionViewDto;
}

class ObligationViewDto {
  @ApiProperty() obligationId: string;
  @ApiProperty({ nullable: true, type: String }) personId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 'LEADER_AT_DEADLINE' }) role: string;
  @ApiProperty({ format: 'date' }) requiredOn: string;
  @ApiProperty({ enum: ['OPEN', 'DECIDED', 'CANCELLED'] }) status: string;
  @ApiPropertyOptional({ format: 'date' }) closedOn?: string;
  @ApiPropertyOptional({ enum: ['RECORD_REVOKED', 'LISTING_REVOKED', 'LEADER_CORRECTED'], description: 'why a CANCELLED obligation needs no decision' }) cancelReason?: string;
}

class AccountabilityDecisionViewDto {
  @ApiPropertyOptional() obligationId?: string;
  @ApiProperty() personId: string;
  @ApiProperty({ enum: ACCOUNTABILITY_MEASURES }) measure: string;
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty() documentNo: string;
  @ApiProperty() authority: string;
  @ApiPropertyOptional() reason?: string;
}

class AccountabilityViewDto {
  @ApiProperty({ type: ObligationViewDto, isArray: true }) obligations: ObligationViewDto[];
  @ApiProperty({ type: AccountabilityDecisionViewDto, isArray: true }) decisions: AccountabilityDecisionViewDto[];
}

class MitigationViewDto {
  @ApiProperty() personId: string;
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty({ enum: ['REDUCED', 'EXEMPTED'] }) effect: string;
  @ApiProperty() basis: string;
}

class FieldChangeDto {
  @ApiProperty() field: string;
  @ApiProperty() oldValue: string;
  @ApiProperty() newValue: string;
}

class CorrectionViewDto {
  @ApiProperty() objectionId: string;
  @ApiProperty({ format: 'date' }) correctedOn: string;
  @ApiProperty({ type: FieldChangeDto, isArray: true }) changes: FieldChangeDto[];
}

class RevokedViewDto {
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() reason: string;
  @ApiProperty() objectionId: string;
}

export class RecordViewDto {
  @ApiProperty() recordId: string;
  @ApiProperty({ type: SubjectViewDto }) subject: SubjectViewDto;
  @ApiProperty({ enum: RECORD_CATEGORIES }) category: string;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
  @ApiProperty({ enum: DOMAINS }) domain: string;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiProperty() description: string;
  @ApiPropertyOptional() commitmentId?: string;
  @ApiProperty({ type: FindingViewDto }) finding: FindingViewDto;
  @ApiProperty({ example: 'national' }) policyProfile: string;
  @ApiProperty({ example: 'NDRC-2025-36', description: 'Fixed when the record was made (changes only by a recorded correction)' }) policyVersion: string;
  @ApiProperty({ enum: ['ACTIVE', 'REVOKED'] }) status: string;
  @ApiPropertyOptional({ type: RevokedViewDto }) revoked?: RevokedViewDto;
  @ApiProperty({ description: '异议标注: an objection is awaiting decision' }) underObjection: boolean;
  @ApiProperty({ type: PublicationViewDto }) publication: PublicationViewDto;
  @ApiProperty({ type: RectificationViewDto }) rectification: RectificationViewDto;
  @ApiProperty({ type: ListingViewDto, nullable: true }) listing: ListingViewDto | null;
  @ApiProperty({ type: AwardBanViewDto, isArray: true }) awardBans: AwardBanViewDto[];
  @ApiProperty({ type: ObjectionViewDto, isArray: true }) objections: ObjectionViewDto[];
  @ApiProperty({ type: CorrectionViewDto, isArray: true }) corrections: CorrectionViewDto[];
  @ApiProperty({ type: RepairViewDto, isArray: true }) repairs: RepairViewDto[];
  @ApiProperty({ type: AccountabilityViewDto }) accountability: AccountabilityViewDto;
  @ApiPropertyOptional({ type: MitigationViewDto }) mitigation?: MitigationViewDto;
}
