import { Inject, Injectable } from '@nestjs/common';
import { BusinessDate, businessDateOfInstant } from '@app/domain';
import type { Clock } from '@app/event-store';
import { positionKnownAt, Sql } from '@app/read-model';
import { DataSource } from 'typeorm';
import { ProblemException } from '../http/problem';
import { ProjectionStatusService } from '../read-model/projection-status.service';
import { READ_STORE } from '../read-model/tokens';
import { businessToday, CLOCK } from '../time/clock';

export interface SystemTime {
  /** The log position to read the versioned rows at; undefined: the current rows. */
  position?: number;
  /** What the answer reflects, for the response. */
  asOf: { knownAt?: string; position: string };
  /** The business date the answer is about by default: today, or the day of `knownAt`. */
  date: BusinessDate;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** The business date (Asia/Shanghai) of an instant. */
export const businessDateOf = (instant: Date): BusinessDate => businessDateOfInstant(instant.getTime());

/**
 * How far a `knownAt` may lie ahead of the server's clock. `knownAt` asks what the system showed at
 * an instant (domain.md §7, system time), so an instant after now names nothing the system ever
 * showed: the answer would be a prediction (statuses computed for that day) from today's log. A
 * client whose clock runs a few seconds ahead of the server's, asking for "now", is not refused:
 * within this skew the answer is what the system shows now.
 */
export const KNOWN_AT_CLOCK_SKEW_MS = 5_000;

/**
 * 400 DATE_IN_FUTURE on the `knownAt` field when `instant` is after `now` by more than
 * KNOWN_AT_CLOCK_SKEW_MS. `now` comes from the injected clock (ReadSide.refuseFutureKnownAt).
 */
export function assertKnownAtNotInFuture(instant: Date, now: Date): void {
  if (instant.getTime() <= now.getTime() + KNOWN_AT_CLOCK_SKEW_MS) return;
  const serverTime = now.toISOString();
  throw new ProblemException(
    400,
    'DATE_IN_FUTURE',
    `knownAt ${instant.toISOString()} is after the server's current time ${serverTime}: the system has not shown anything at that instant yet`,
    { errors: [{ field: 'knownAt', message: `must not be after the server's current time ${serverTime}` }], serverTime },
  );
}

/** What every query of the read side needs: the read store, today, and `knownAt` mapped to a log position. */
@Injectable()
export class ReadSide {
  constructor(
    @Inject(READ_STORE) private readonly dataSource: DataSource,
    private readonly projections: ProjectionStatusService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get sql(): Sql {
    return Sql.of(this.dataSource);
  }

  get dataSourceRef(): DataSource {
    return this.dataSource;
  }

  today(): BusinessDate {
    return businessToday(this.clock);
  }

  /** "What did the system show at `knownAt`": the log prefix recorded by then (system time). */
  async systemTime(knownAt?: string): Promise<SystemTime> {
    if (knownAt === undefined) return { asOf: { position: String(await this.projections.position()) }, date: this.today() };
    const instant = new Date(knownAt);
    if (Number.isNaN(instant.getTime())) throw new ProblemException(400, 'VALIDATION_FAILED', 'knownAt must be an ISO-8601 instant');
    const now = this.clock.now();
    assertKnownAtNotInFuture(instant, now);
    const projected = await this.projections.position();
    const position = (await positionKnownAt(this.sql, instant)) ?? projected;
    // Within the skew a knownAt ahead of the clock is answered as now: a few seconds past midnight is not tomorrow's date yet.
    const date = businessDateOf(instant.getTime() > now.getTime() ? now : instant);
    return { position, asOf: { knownAt: instant.toISOString(), position: String(position) }, date };
  }

  /** A `knownAt` after the clock's now (beyond KNOWN_AT_CLOCK_SKEW_MS) is 400 DATE_IN_FUTURE: every route that takes `knownAt` asks here. */
  refuseFutureKnownAt(instant: Date): void {
    assertKnownAtNotInFuture(instant, this.clock.now());
  }

  limits({ page, pageSize }: PageRequest): { limit: number; offset: number } {
    return { limit: pageSize, offset: (page - 1) * pageSize };
  }
}
