import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACCOUNTABILITY_MEASURES,
  AccountabilityMeasure,
  Domain,
  DOMAINS,
  FINDING_TYPES,
  FindingType,
  MITIGATION_EFFECTS,
  MitigationEffect,
  OBJECTION_OUTCOMES,
  ObjectionOutcome,
  RECORD_CATEGORIES,
  RecordCategory,
  Severity,
  SEVERITIES,
  SUBJECT_KINDS,
  SubjectKind,
} from '@app/domain';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { PositionDto } from '../http/api-docs';
import { DATE_EXAMPLE, IsBusinessDate, IsEntityId, IsPersonId } from '../http/validators';

export class RecordSubjectDto {
  @ApiProperty({ enum: SUBJECT_KINDS })
  @IsIn(SUBJECT_KINDS)
  kind: SubjectKind;

  @ApiProperty({ description: 'INSTITUTION: its USCC; OFFICIAL: the personId' })
  @IsString()
  id: string;

  @ApiPropertyOptional({ description: 'OFFICIAL only (required there): USCC of the institution where the official serves' })
  @ValidateBy({
    name: 'institutionUsccForOfficials',
    validator: {
      validate: (value, args) => ((args?.object as RecordSubjectDto).kind === 'OFFICIAL' ? typeof value === 'string' : value === undefined),
      defaultMessage: (args) =>
        (args?.object as RecordSubjectDto).kind === 'OFFICIAL'
          ? 'institutionUscc is required (a string) for an OFFICIAL subject'
          : 'institutionUscc is only given for an OFFICIAL subject',
    },
  })
  institutionUscc?: string;
}

export class FindingDto {
  @ApiProperty({ enum: FINDING_TYPES })
  @IsIn(FINDING_TYPES)
  type: FindingType;

  @ApiProperty({ maxLength: 200, example: '(2026)鲁0191执123号' })
  @IsString()
  @IsNotEmpty()
  documentNo: string;

  @ApiProperty({ maxLength: 200, example: '济南高新区人民法院' })
  @IsString()
  @IsNotEmpty()
  authority: string;

  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'On or after occurredOn, not after today; fixes the policy version' })
  @IsBusinessDate()
  findingOn: string;
}

export class RecordDishonestyDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated (from the Idempotency-Key when one is sent)', pattern: '^[A-Za-z0-9_.:-]{1,128}$' })
  @IsOptional()
  @IsEntityId()
  recordId?: string;

  @ApiProperty({ type: RecordSubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RecordSubjectDto)
  subject: RecordSubjectDto;

  @ApiProperty({ enum: RECORD_CATEGORIES })
  @IsIn(RECORD_CATEGORIES)
  category: RecordCategory;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity: Severity;

  @ApiProperty({ enum: DOMAINS })
  @IsIn(DOMAINS)
  domain: Domain;

  @ApiProperty({ format: 'date', example: '2026-01-10', description: 'Not after today' })
  @IsBusinessDate()
  occurredOn: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  description: string;

  @ApiProperty({ type: FindingDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => FindingDto)
  finding: FindingDto;

  @ApiPropertyOptional({
    description:
      'The commitment the record is about, if any: an existing commitment (else 404 COMMITMENT_NOT_FOUND) of the record’s institution, i.e. the subject or the official’s institutionUscc (else 422 COMMITMENT_OF_ANOTHER_INSTITUTION), not fulfilled by its due date (else 422 COMMITMENT_FULFILLED)',
  })
  @IsOptional()
  @IsEntityId()
  commitmentId?: string;
}

export class RecordResultDto extends PositionDto {
  @ApiProperty()
  recordId: string;
}

export class OrderRectificationDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today, not before the finding' })
  @IsBusinessDate()
  orderedOn: string;

  @ApiProperty({ format: 'date', example: '2026-03-31', description: 'After orderedOn; may be in the future' })
  @IsBusinessDate()
  deadline: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  requirements: string;
}

export class RectificationOrderedDto extends RecordResultDto {
  @ApiProperty({ example: 'order-1' })
  orderId: string;
}

export class ReportRectificationDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  reportedOn: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  evidence: string;
}

export class RectificationReportedDto extends RecordResultDto {
  @ApiProperty()
  reportId: string;
}

export class ReviewRectificationDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  reviewedOn: string;

  @ApiProperty()
  @IsBoolean()
  accepted: boolean;

  @ApiPropertyOptional({ description: 'Required when the report is rejected' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  reason?: string;
}

export class RectificationReviewedDto extends RecordResultDto {
  @ApiProperty()
  reportId: string;
}

export class DecideAccountabilityDto {
  @ApiProperty({ description: 'The person held accountable: a registered official (else 404 SUBJECT_NOT_FOUND), or the person an obligation of the record names' })
  @IsPersonId()
  personId: string;

  @ApiProperty({ enum: ACCOUNTABILITY_MEASURES })
  @IsIn(ACCOUNTABILITY_MEASURES)
  measure: AccountabilityMeasure;

  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  decidedOn: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  documentNo: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  authority: string;

  @ApiPropertyOptional({ description: 'Required for EXEMPTED' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  reason?: string;
}

export class AccountabilityDecidedDto extends RecordResultDto {
  @ApiPropertyOptional({ description: 'The open obligation this decision closed, if there was one' })
  obligationId?: string;
}

export class DecideMitigationDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  decidedOn: string;

  @ApiProperty({ enum: MITIGATION_EFFECTS })
  @IsIn(MITIGATION_EFFECTS)
  effect: MitigationEffect;

  @ApiProperty({ description: '主动挽回损失、消除不良影响 …' })
  @IsString()
  @IsNotEmpty()
  basis: string;
}

export class FileObjectionDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated (from the Idempotency-Key when one is sent)', pattern: '^[A-Za-z0-9_.:-]{1,128}$' })
  @IsOptional()
  @IsEntityId()
  objectionId?: string;

  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  filedOn: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  grounds: string;
}

export class ObjectionFiledDto extends RecordResultDto {
  @ApiProperty()
  objectionId: string;
}

/** Field → new value; only the correctable fields. */
export class CorrectionsDto {
  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ enum: RECORD_CATEGORIES })
  @IsOptional()
  @IsIn(RECORD_CATEGORIES)
  category?: RecordCategory;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsBusinessDate()
  occurredOn?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsBusinessDate()
  findingOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  documentNo?: string;
}

export class DecideObjectionDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  decidedOn: string;

  @ApiProperty({
    enum: OBJECTION_OUTCOMES,
    description: 'REJECTED: nothing changes; CORRECTED: RecordCorrected (needs corrections); RECORD_REVOKED: revoked, delisted, ban voided, publication ended; LISTING_REVOKED: delisted and ban voided, the lapse\'s accountability obligations not yet decided cancelled (reason LISTING_REVOKED), the record stands',
  })
  @IsIn(OBJECTION_OUTCOMES)
  outcome: ObjectionOutcome;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  reason: string;

  @ApiPropertyOptional({ type: CorrectionsDto, description: 'CORRECTED only: field → new value' })
  @ValidateIf((dto: DecideObjectionDto) => dto.corrections !== undefined || dto.outcome === 'CORRECTED')
  @IsObject()
  @ValidateNested()
  @Type(() => CorrectionsDto)
  corrections?: CorrectionsDto;
}

export class ObjectionDecidedDto extends RecordResultDto {
  @ApiProperty()
  objectionId: string;

  @ApiProperty({ enum: OBJECTION_OUTCOMES })
  outcome: string;
}

export class ApplyForRepairDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated (from the Idempotency-Key when one is sent)', pattern: '^[A-Za-z0-9_.:-]{1,128}$' })
  @IsOptional()
  @IsEntityId()
  applicationId?: string;

  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today; before the earliest eligible day → 422 REPAIR_NOT_YET_ELIGIBLE with earliestEligibleOn' })
  @IsBusinessDate()
  appliedOn: string;

  @ApiProperty({ description: '信用承诺书 signed; must be true (else 422 REPAIR_PLEDGE_REQUIRED)' })
  @IsBoolean()
  pledgeSigned: boolean;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  evidence: string;
}

export class RepairAppliedDto extends RecordResultDto {
  @ApiProperty()
  applicationId: string;
}

export class DecideRepairDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  decidedOn: string;

  @ApiProperty({ description: 'A grant ends publication and delists; it never touches an award ban' })
  @IsBoolean()
  granted: boolean;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  reason: string;
}

export class RepairDecidedDto extends RecordResultDto {
  @ApiProperty()
  applicationId: string;
}
