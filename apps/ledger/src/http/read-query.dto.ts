import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsInstant } from './validators';

/**
 * Every query DTO extends this: the global ValidationPipe refuses unknown query parameters, and
 * `consistentWith` (read-your-writes, handled by the projection-position interceptor) is one
 * every GET accepts.
 */
export class ReadQueryDto {
  @ApiPropertyOptional({ description: 'Wait (up to 5 s) until the projections have applied this log position (one beyond the log head is a 400 at once)', example: '42' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'consistentWith must be a log position (a decimal string)' })
  consistentWith?: string;
}

export const MAX_PAGE_SIZE = 500;
/** Far beyond any list (half a billion rows at the largest page size), and an exact offset in every store. */
export const MAX_PAGE = 1_000_000;

/** Lists: `?page=1&pageSize=50` (max 500) → `{items, page, pageSize, total}`. */
export class PagedQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be one integer' })
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be one integer' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export const pageOf = (query: PagedQueryDto) => ({ page: query.page ?? 1, pageSize: query.pageSize ?? 50 });

/** System time: what the system showed at this instant. */
export class KnownAtQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 instant: the answer as the system knew it then; not later than the server clock (5 s skew allowed), else 400 DATE_IN_FUTURE', example: '2026-05-01T08:00:00Z' })
  @IsOptional()
  @IsInstant()
  knownAt?: string;
}

export class PagedKnownAtQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 instant: the list as the system knew it then; not later than the server clock (5 s skew allowed), else 400 DATE_IN_FUTURE', example: '2026-05-01T08:00:00Z' })
  @IsOptional()
  @IsInstant()
  knownAt?: string;
}
