import type { BusinessDate, WorkingDayCalendar } from '@app/domain';
import { Sql, WORK_QUEUE_TABLES } from '@app/read-model';
import type { DataSource } from 'typeorm';

export interface CalendarReport {
  /** Which years the SLAs count in, and where each comes from. */
  info: string[];
  /** What an operator should act on: today's year unknown, queue items counted without a calendar now known. */
  warnings: string[];
}

/** "2024–2026" for consecutive years, else a list. */
export function yearsText(years: number[]): string {
  if (years.length === 0) return 'none';
  const runs: string[] = [];
  let start = years[0];
  for (let i = 1; i <= years.length; i += 1) {
    if (i < years.length && years[i] === years[i - 1] + 1) continue;
    const end = years[i - 1];
    runs.push(start === end ? String(start) : `${start}–${end}`);
    start = years[i];
  }
  return runs.join(', ');
}

/**
 * What the service says at start about its working-day calendar (README, "Using the API": working days): the
 * years it knows, whether this year is one of them, and — once a deployment's calendar file adds a
 * year — how many open objection and check items were counted without it, which a rebuild of the
 * work queues recounts.
 */
export async function calendarReport(calendar: WorkingDayCalendar, today: BusinessDate, file: string | undefined, dataSource?: DataSource): Promise<CalendarReport> {
  const years = calendar.years();
  const shipped = years.filter((y) => calendar.sourceOf(y) === 'shipped');
  const added = years.filter((y) => calendar.sourceOf(y) === 'deployment');
  const info = [`working-day calendar: ${yearsText(shipped)} shipped${added.length ? `; ${yearsText(added)} from ${file}` : ''}`];
  const warnings: string[] = [];
  const year = Number(today.slice(0, 4));
  if (!calendar.has(year)) {
    warnings.push(`the working-day calendar has no ${year}: SLAs count weekends only (calendarKnown false) until its notice is added with LEDGER_CALENDAR_FILE`);
  } else if (!calendar.has(year + 1)) {
    info.push(`no calendar for ${year + 1} yet: deadlines that reach into it count weekends only until its notice is added with LEDGER_CALENDAR_FILE`);
  }
  if (dataSource && added.length > 0) {
    const sql = Sql.of(dataSource);
    const known = added.map(String);
    let stale = 0;
    for (const table of [WORK_QUEUE_TABLES.objections, WORK_QUEUE_TABLES.checks]) {
      const [row] = await sql.rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table} WHERE calendar_known = 0 AND SUBSTR(due_on, 1, 4) IN (${known.map(() => '?').join(',')})`, known);
      stale += Number(row?.n ?? 0);
    }
    if (stale > 0) {
      warnings.push(
        `${stale} open objection and check item(s) were counted without the calendar of ${yearsText(added)}, which LEDGER_CALENDAR_FILE now gives: run \`ledger rebuild --projection work-queues\` to recount their due dates`,
      );
    }
  }
  return { info, warnings };
}
