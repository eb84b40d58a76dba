import { ApiPropertyOptional } from '@nestjs/swagger';
import { DOMAINS, Domain } from '@app/domain';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PagedKnownAtQueryDto } from '../http/read-query.dto';
import { DATE_EXAMPLE, IsBusinessDate } from '../http/validators';

export class DishonestListQueryDto extends PagedKnownAtQueryDto {
  @ApiPropertyOptional({ description: 'Who is on the list on this date (default: today, or the day of knownAt)', example: DATE_EXAMPLE })
  @IsOptional()
  @IsBusinessDate()
  on?: string;

  @ApiPropertyOptional({ description: 'GB/T 2260 region code of the institution; a province (370000) or city (370100) takes in the regions under it', example: '370100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'region must be 6 digits' })
  region?: string;

  @ApiPropertyOptional({ enum: DOMAINS })
  @IsOptional()
  @IsIn(DOMAINS)
  domain?: Domain;
}

export class AwardBansQueryDto extends PagedKnownAtQueryDto {
  @ApiPropertyOptional({ description: 'Only the bans ACTIVE on this date; without it every ban, with its status as of today', example: DATE_EXAMPLE })
  @IsOptional()
  @IsBusinessDate()
  activeOn?: string;

  /** Only its type here: a malformed code is 400 INVALID_USCC from the query handler, as on every other path (api.md). */
  @ApiPropertyOptional({ description: 'USCC of the banned institution (a malformed one is 400 INVALID_USCC)' })
  @IsOptional()
  @IsString({ message: 'subjectId must be one unified social credit code' })
  subjectId?: string;
}

export class OnDateQueryDto extends PagedKnownAtQueryDto {
  @ApiPropertyOptional({ description: 'The date asked about (default: today, or the day of knownAt)', example: DATE_EXAMPLE })
  @IsOptional()
  @IsBusinessDate()
  on?: string;
}

export class GreyListQueryDto extends OnDateQueryDto {
  @ApiPropertyOptional({ description: 'GB/T 2260 region code of the institution; a province (370000) or city (370100) takes in the regions under it', example: '370100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'region must be 6 digits' })
  region?: string;
}

