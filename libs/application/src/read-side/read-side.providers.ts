import { GetAccountabilityTraceHandler } from '../accountability/get-accountability-trace.handler';
import { ArchiveSourcesReader } from '../archive/archive-sources';
import { GetOfficialArchiveHandler } from '../archive/get-official-archive.handler';
import { GetAwardBansHandler } from '../lists/get-award-bans.handler';
import { GetDishonestListHandler } from '../lists/get-dishonest-list.handler';
import { GetExemplarsHandler } from '../lists/get-exemplars.handler';
import { GetGreyListHandler } from '../lists/get-grey-list.handler';
import { GetPublicRecordsHandler } from '../public/get-public-records.handler';
import { PublicExportService } from '../public/public-export.service';
import { GetQueueHandler } from '../queues/get-queue.handler';
import { GetStatsHandler } from '../stats/get-stats.handler';
import { ReadSide } from './read-side.service';

/** The read side's query handlers and services (issue 5), for ApplicationModule. */
export const READ_SIDE_PROVIDERS = [
  ReadSide,
  ArchiveSourcesReader,
  PublicExportService,
  GetOfficialArchiveHandler,
  GetAccountabilityTraceHandler,
  GetDishonestListHandler,
  GetAwardBansHandler,
  GetExemplarsHandler,
  GetGreyListHandler,
  GetQueueHandler,
  GetStatsHandler,
  GetPublicRecordsHandler,
];

/** What the HTTP layer injects directly (the export streams, not a query result). */
export const READ_SIDE_EXPORTS = [ReadSide, PublicExportService];
