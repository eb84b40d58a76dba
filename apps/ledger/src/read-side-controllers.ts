import { AccountabilityTraceController } from './accountability/accountability-trace.controller';
import { OfficialArchiveController } from './archive/official-archive.controller';
import { ListsController } from './lists/lists.controller';
import { PublicController } from './public/public.controller';
import { QueuesController } from './queues/queues.controller';
import { StatsController } from './stats/stats.controller';

/** The read side of the API (issue 5): archives, lists, queues, statistics, public disclosure. */
export const READ_SIDE_CONTROLLERS = [OfficialArchiveController, AccountabilityTraceController, ListsController, QueuesController, StatsController, PublicController];
