import { ApiPropertyOptional } from '@nestjs/swagger';
import { INSTANT_PATTERN } from '@app/application/audit';
import { IsOptional, Matches } from 'class-validator';

const POSITION = /^\d{1,15}$/;

/** Every GET takes `consistentWith` (read-your-writes); the interceptor acts on it. */
class ConsistentReadDto {
  @ApiPropertyOptional({ description: 'Wait until the projections have applied this log position' })
  @IsOptional()
  @Matches(POSITION, { message: 'consistentWith must be a log position (a decimal string)' })
  consistentWith?: string;
}

export class SubjectHistoryQueryDto extends ConsistentReadDto {
  @ApiPropertyOptional({ description: 'Cut the history at this instant: only events recorded at or before it', example: '2026-11-22T02:00:00Z' })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'knownAt must be an ISO-8601 instant with a time zone, e.g. 2026-11-22T02:00:00Z' })
  knownAt?: string;
}

export class VerifyQueryDto extends ConsistentReadDto {
  @ApiPropertyOptional({ description: 'Position of a saved digest (with `digest`)' })
  @IsOptional()
  @Matches(POSITION, { message: 'position must be a log position (a decimal string)' })
  position?: string;

  @ApiPropertyOptional({ description: 'The digest saved at `position` (64 hex characters)' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'digest must be 64 lowercase hex characters' })
  digest?: string;
}

export class EventsAtQueryDto extends ConsistentReadDto {
  @ApiPropertyOptional({ description: 'Comma-separated log positions (at most 500), e.g. from a provenance' })
  @Matches(/^\d{1,15}(,\d{1,15}){0,499}$/, { message: 'positions must be up to 500 comma-separated log positions' })
  positions: string;
}
