import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUBJECT_KINDS, SubjectKind } from '@app/domain';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { PositionDto } from '../http/api-docs';
import { DATE_EXAMPLE, IsBusinessDate, IsEntityId } from '../http/validators';

export class ExemplarSubjectDto {
  @ApiProperty({ enum: SUBJECT_KINDS })
  @IsIn(SUBJECT_KINDS)
  kind: SubjectKind;

  @ApiProperty({ description: 'INSTITUTION: its USCC; OFFICIAL: the personId' })
  @IsString()
  id: string;
}

export class DesignateExemplarDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated (from the Idempotency-Key when one is sent)', pattern: '^[A-Za-z0-9_.:-]{1,128}$' })
  @IsOptional()
  @IsEntityId()
  exemplarId?: string;

  @ApiProperty({ type: ExemplarSubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ExemplarSubjectDto)
  subject: ExemplarSubjectDto;

  @ApiProperty({ maxLength: 200, example: '诚信之星' })
  @IsString()
  @IsNotEmpty()
  title: string;

  @ApiProperty({ example: '济高信用办〔2020〕2号' })
  @IsString()
  @IsNotEmpty()
  basis: string;

  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today; refused while the subject has an active award ban or listing that day' })
  @IsBusinessDate()
  designatedOn: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day of the designation; on or after designatedOn' })
  @IsOptional()
  @IsBusinessDate()
  validUntil?: string;
}

export class ExemplarResultDto extends PositionDto {
  @ApiProperty()
  exemplarId: string;
}

export class RevokeExemplarDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'Not after today' })
  @IsBusinessDate()
  on: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  reason: string;
}
