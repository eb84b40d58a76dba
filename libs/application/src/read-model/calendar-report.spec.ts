import { parseYearCalendars, WorkingDayCalendar } from '@app/domain';
import { calendarReport, yearsText } from './calendar-report';

describe('what the service says at start about its working-day calendar', () => {
  it('names the years and where they come from, and warns when this year has none', async () => {
    expect(await calendarReport(WorkingDayCalendar.shipped(), '2026-03-01', undefined)).toEqual({
      info: ['working-day calendar: 2024–2026 shipped', 'no calendar for 2027 yet: deadlines that reach into it count weekends only until its notice is added with LEDGER_CALENDAR_FILE'],
      warnings: [],
    });
    const { warnings } = await calendarReport(WorkingDayCalendar.shipped(), '2027-01-04', undefined);
    expect(warnings).toEqual(['the working-day calendar has no 2027: SLAs count weekends only (calendarKnown false) until its notice is added with LEDGER_CALENDAR_FILE']);
  });

  it('warns that a shipped year the file replaces leaves the items counted under the shipped one until a rebuild of the work queues', async () => {
    // Test data, not a State Council notice.
    const calendar = WorkingDayCalendar.shipped().withYears(parseYearCalendars({ '2026': { notice: 'test fixture', holidays: [], makeUpWorkingDays: [] } }));
    expect(await calendarReport(calendar, '2026-03-01', '/etc/ledger/calendar.json')).toEqual({
      info: ['working-day calendar: 2024–2025 shipped; 2026 from /etc/ledger/calendar.json', 'no calendar for 2027 yet: deadlines that reach into it count weekends only until its notice is added with LEDGER_CALENDAR_FILE'],
      warnings: [
        'LEDGER_CALENDAR_FILE replaces the shipped calendar of 2026: items counted before under the shipped one keep their due dates until `ledger rebuild --projection work-queues` recounts them',
      ],
    });
  });

  it('writes runs of years as ranges', () => {
    expect(yearsText([2024, 2025, 2026, 2028, 2030, 2031])).toBe('2024–2026, 2028, 2030–2031');
    expect(yearsText([])).toBe('none');
  });
});
