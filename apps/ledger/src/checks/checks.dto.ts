import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHECK_MATTERS, CheckMatter, FINDING_KINDS, SUBJECT_KINDS, SubjectKind } from '@app/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { DATE_EXAMPLE, IsBusinessDate, IsEntityId } from '../http/validators';
import { PositionDto } from '../http/api-docs';

export class CheckSubjectDto {
  @ApiProperty({ enum: SUBJECT_KINDS })
  @IsIn(SUBJECT_KINDS)
  kind: SubjectKind;

  @ApiProperty({ description: 'USCC of an institution, or personId of an official' })
  @IsString()
  @Length(1, 64)
  id: string;
}

export class PerformCreditCheckDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated' })
  @IsOptional()
  @IsEntityId()
  checkId?: string;

  @ApiProperty({ type: CheckSubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CheckSubjectDto)
  subject: CheckSubjectDto;

  @ApiProperty({ enum: CHECK_MATTERS })
  @IsIn(CHECK_MATTERS)
  matter: CheckMatter;

  @ApiProperty({ description: 'The date the approval or award decision is made for', example: DATE_EXAMPLE })
  @IsBusinessDate()
  on: string;

  @ApiProperty({ description: "The approver's case reference", example: '济审〔2026〕118号' })
  @IsString()
  @Length(1, 200)
  caseRef: string;
}

export class MeasureDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() legalBasis: string;
}

export class CheckFindingDto {
  @ApiProperty({ enum: FINDING_KINDS, description: 'What was found: an award ban, a listing, a record in publication (RECORD), an open rectification, an overdue commitment' })
  kind: string;

  @ApiProperty({ description: 'banId, recordId or commitmentId' })
  ref: string;

  @ApiProperty() detail: string;

  @ApiProperty({ enum: ['RESTRICTED', 'ATTENTION'] })
  level: string;

  @ApiProperty({ type: [MeasureDto], description: 'Applicable measures from the catalogue (清单制)' })
  measures: MeasureDto[];
}

export class CreditCheckResultDto extends PositionDto {
  @ApiProperty() checkId: string;

  @ApiProperty({ enum: ['CLEAR', 'ATTENTION', 'RESTRICTED'] })
  outcome: string;

  @ApiProperty({ type: [CheckFindingDto] })
  findings: CheckFindingDto[];
}

export class NotAppliedMeasureDto {
  @ApiProperty() @IsString() @Length(1, 64) code: string;

  @ApiProperty({ description: 'Why the measure was not applied' })
  @IsString()
  @Length(1, 1000)
  reason: string;
}

export class CheckFeedbackDto {
  @ApiProperty({ type: [String], description: 'Codes of the returned measures that were applied' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  applied: string[];

  @ApiProperty({ type: [NotAppliedMeasureDto], description: 'Every other returned measure, with a reason' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => NotAppliedMeasureDto)
  notApplied: NotAppliedMeasureDto[];
}
