import { upcastStoredEvent } from '@app/application/command-handling/upcasting';
import { allProjectors, runRebuildWorker } from '@app/read-model';

/** A worker thread of `ledger rebuild` (see RebuildWorkers): the upcast and projectors the CLI's own thread uses. */
runRebuildWorker(upcastStoredEvent, allProjectors);
