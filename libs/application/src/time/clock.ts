import type { Clock } from '@app/event-store';

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** "Today" as a business date: the calendar date in China Standard Time (UTC+8, no DST). */
export function businessToday(clock: Clock): string {
  return new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
