import { upcastStoredEvent } from '@app/application/command-handling/upcasting';
import { ConfigurationError, workingDayCalendarFrom } from '@app/application/config/ledger-config';
import { allProjectors, runRebuildWorker } from '@app/read-model';

/**
 * A worker thread of `ledger rebuild` (see RebuildWorkers): the upcast and projectors the CLI's own
 * thread uses, with the same working-day calendar (the CLI names its calendar file in `settings`).
 */
runRebuildWorker(upcastStoredEvent, (settings) => {
  const problems: string[] = [];
  const { calendar } = workingDayCalendarFrom({ LEDGER_CALENDAR_FILE: settings.calendarFile }, problems);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return allProjectors({ calendar });
});
