import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AMENDMENT_REASONS,
  AmendmentReason,
  COMMITMENT_KINDS,
  CommitmentKind,
  Domain,
  DOMAINS,
  PUBLICATION_CHANNELS,
  PublicationChannel,
  Severity,
  SEVERITIES,
} from '@app/domain';
import { ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { PositionDto } from '../http/api-docs';
import { DATE_EXAMPLE, IsBusinessDate, IsEntityId, IsPersonId } from '../http/validators';

export class MakeCommitmentDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated (from the Idempotency-Key when one is sent)', pattern: '^[A-Za-z0-9_.:-]{1,128}$' })
  @IsOptional()
  @IsEntityId()
  commitmentId?: string;

  @ApiProperty({ description: 'USCC of the institution that commits' })
  @IsString()
  institutionUscc: string;

  @ApiProperty({ enum: COMMITMENT_KINDS })
  @IsIn(COMMITMENT_KINDS)
  kind: CommitmentKind;

  @ApiProperty({ enum: DOMAINS })
  @IsIn(DOMAINS)
  domain: Domain;

  @ApiProperty({ maxLength: 500, example: '企业开办一日办结' })
  @IsString()
  @IsNotEmpty()
  title: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  content: string;

  @ApiProperty({ description: 'personId of the principal leader in office on madeOn (else 422 SIGNATORY_NOT_PRINCIPAL_LEADER)' })
  @IsPersonId()
  signedBy: string;

  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  madeOn: string;

  @ApiProperty({ format: 'date', example: '2026-06-30', description: 'On or after madeOn' })
  @IsBusinessDate()
  dueOn: string;

  @ApiProperty({ enum: PUBLICATION_CHANNELS, isArray: true, minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(PUBLICATION_CHANNELS, { each: true })
  channels: PublicationChannel[];
}

export class FulfilCommitmentDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today, not before madeOn nor the latest amendment’s on' })
  @IsBusinessDate()
  on: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  evidence: string;
}

export class BreachCommitmentDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today, not before madeOn nor the latest amendment’s on' })
  @IsBusinessDate()
  on: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  description: string;

  @ApiProperty({ maxLength: 200, example: '济高信用〔2026〕3号' })
  @IsString()
  @IsNotEmpty()
  documentNo: string;

  @ApiProperty({ maxLength: 200, example: '济南高新区信用办' })
  @IsString()
  @IsNotEmpty()
  authority: string;

  @ApiPropertyOptional({ enum: SEVERITIES, default: 'GENERAL' })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;
}

export class AmendCommitmentDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  on: string;

  @ApiProperty({
    enum: AMENDMENT_REASONS,
    description: 'Only NATIONAL_INTEREST, PUBLIC_INTEREST, STATUTORY_CHANGE are lawful; LEADERSHIP_CHANGE / GOVERNMENT_TERM_CHANGE → 422 LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON',
  })
  @IsIn(AMENDMENT_REASONS)
  reasonCategory: AmendmentReason;

  @ApiProperty({ description: 'Non-empty legal basis' })
  @IsString()
  legalBasis: string;

  @ApiPropertyOptional({ format: 'date', description: 'Not before madeOn nor this amendment’s on. At least one of newDueOn and newContent is required' })
  @IsOptional()
  @IsBusinessDate()
  newDueOn?: string;

  @ApiPropertyOptional({ description: 'At least one of newDueOn and newContent is required' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  newContent?: string;

  @ApiPropertyOptional({ description: 'Recorded with a change of due date or content, not on its own' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  compensation?: string;
}

export class CommitmentResultDto extends PositionDto {
  @ApiProperty()
  commitmentId: string;
}

export class BreachResultDto extends CommitmentResultDto {
  @ApiProperty({ description: 'The dishonesty record the breach opened (COMMITMENT_UNFULFILLED)' })
  recordId: string;
}

class AmendmentViewDto {
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ enum: AMENDMENT_REASONS }) reasonCategory: string;
  @ApiProperty() legalBasis: string;
  @ApiPropertyOptional({ format: 'date' }) newDueOn?: string;
  @ApiPropertyOptional({ format: 'date', description: 'the due date in force when this amendment was recorded, which newDueOn replaced' }) previousDueOn?: string;
  @ApiPropertyOptional() newContent?: string;
  @ApiPropertyOptional() compensation?: string;
}

class FulfilmentViewDto {
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() evidence: string;
}

class BreachViewDto {
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() recordId: string;
  @ApiProperty() description: string;
  @ApiProperty() documentNo: string;
  @ApiProperty() authority: string;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
}

/** One commitment as in the archive; the ETag header carries its stream revision. */
export class CommitmentViewDto {
  @ApiProperty() commitmentId: string;
  @ApiProperty() institutionUscc: string;
  @ApiProperty({ enum: COMMITMENT_KINDS }) kind: string;
  @ApiProperty({ enum: DOMAINS }) domain: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Current terms (after any amendment)' }) content: string;
  @ApiProperty() signedBy: string;
  @ApiProperty({ format: 'date' }) madeOn: string;
  @ApiProperty({ format: 'date', description: 'Current due date (after any amendment)' }) dueOn: string;
  @ApiProperty({ enum: PUBLICATION_CHANNELS, isArray: true }) channels: string[];
  @ApiProperty({ enum: ['OPEN', 'OVERDUE', 'FULFILLED', 'BREACHED', 'AMENDED'], description: 'As of today' }) status: string;
  @ApiPropertyOptional({ type: FulfilmentViewDto }) fulfilment?: FulfilmentViewDto;
  @ApiPropertyOptional({ type: BreachViewDto }) breach?: BreachViewDto;
  @ApiProperty({ type: AmendmentViewDto, isArray: true }) amendments: AmendmentViewDto[];
}
