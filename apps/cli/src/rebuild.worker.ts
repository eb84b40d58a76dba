import { upcastStoredEvent } from '@app/application/command-handling/upcasting';
import { parseYearCalendars, WorkingDayCalendar } from '@app/domain';
import { allProjectors, runRebuildWorker } from '@app/read-model';

/**
 * A worker thread of `ledger rebuild` (see RebuildWorkers): the upcast and projectors the CLI's own
 * thread uses, with its working-day calendar (the years the deployment added, handed over as data).
 */
runRebuildWorker(upcastStoredEvent, (settings) => {
  const years = settings.calendarYears ? parseYearCalendars(JSON.parse(settings.calendarYears)) : {};
  return allProjectors({ calendar: WorkingDayCalendar.shipped().withYears(years) });
});
