import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { PositionDto } from '../http/api-docs';
import { DATE_EXAMPLE, IsBusinessDate } from '../http/validators';

export class LiftAwardBanEarlyDto {
  @ApiProperty({ format: 'date', example: DATE_EXAMPLE, description: 'The ban is no longer active from this day; not after today' })
  @IsBusinessDate()
  on: string;

  @ApiProperty({ description: 'The legal basis of the early lift (required)' })
  @IsString()
  @IsNotEmpty()
  legalBasis: string;

  @ApiProperty({ description: 'Number of the credit office decision (required)' })
  @IsString()
  @IsNotEmpty()
  decisionNo: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  reason: string;
}

export class AwardBanLiftedDto extends PositionDto {
  @ApiProperty()
  banId: string;

  @ApiProperty({ description: 'The record whose stream holds the ban' })
  recordId: string;
}
