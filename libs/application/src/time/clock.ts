import { BusinessDate, businessDateOfInstant } from '@app/domain';
import type { Clock } from '@app/event-store';

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** "Today" as a business date: the calendar date in China Standard Time (UTC+8, no DST). */
export function businessToday(clock: Clock): BusinessDate {
  return businessDateOfInstant(clock.now().getTime());
}

/** A clock tests set by hand, so "today" is whatever the test says. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: string | Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string | Date): void {
    this.current = new Date(instant);
  }

  /** Moves to the given business date (China Standard Time), at 10:00 local time. */
  setToday(date: string): void {
    this.current = new Date(`${date}T10:00:00+08:00`);
  }
}
