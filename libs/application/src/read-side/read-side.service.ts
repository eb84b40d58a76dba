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
    const projected = await this.projections.position();
    if (knownAt === undefined) return { asOf: { position: String(projected) }, date: this.today() };
    const instant = new Date(knownAt);
    if (Number.isNaN(instant.getTime())) throw new ProblemException(400, 'VALIDATION_FAILED', 'knownAt must be an ISO-8601 instant');
    const position = (await positionKnownAt(this.sql, instant)) ?? projected;
    return { position, asOf: { knownAt: instant.toISOString(), position: String(position) }, date: businessDateOf(instant) };
  }

  limits({ page, pageSize }: PageRequest): { limit: number; offset: number } {
    return { limit: pageSize, offset: (page - 1) * pageSize };
  }
}
