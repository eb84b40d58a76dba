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
 * What the service says at start about its working-day calendar (README, "Using the API": working
 * days): the years it knows and where each comes from, whether this year is one of them, how many
 * open objection and check items were counted without a calendar for their due year that it now has
 * (a year the deployment's file or a newer release added), and a shipped year the file replaces:
 * a rebuild of the work queues recounts those.
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
  const replaced = added.filter((y) => calendar.replacesShipped(y));
  if (replaced.length > 0) {
    warnings.push(
      `LEDGER_CALENDAR_FILE replaces the shipped calendar of ${yearsText(replaced)}: items counted before under the shipped one keep their due dates until \`ledger rebuild --projection work-queues\` recounts them`,
    );
  }
  if (dataSource) {
    const sql = Sql.of(dataSource);
    // Items counted when their due year had no calendar, which the calendar now has (from the file, or a newer release).
    const known = years.map(String);
    let stale = 0;
    for (const table of [WORK_QUEUE_TABLES.objections, WORK_QUEUE_TABLES.checks]) {
      const [row] = await sql.rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table} WHERE calendar_known = 0 AND SUBSTR(due_on, 1, 4) IN (${known.map(() => '?').join(',')})`, known);
      stale += Number(row?.n ?? 0);
    }
    if (stale > 0) {
      warnings.push(
        `${stale} open objection and check item(s) were counted without a calendar for their due year, which the calendar now has: run \`ledger rebuild --projection work-queues\` to recount their due dates`,
      );
    }
  }
  return { info, warnings };
}
