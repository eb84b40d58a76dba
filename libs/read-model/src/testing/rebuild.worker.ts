import { allProjectors } from '../index';
import { runRebuildWorker } from '../rebuild/rebuild-worker';

/** A rebuild worker for the tests: the events as stored (they are written in the current schema). */
runRebuildWorker((event) => event, () => allProjectors());
