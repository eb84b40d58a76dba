import { ArchiveProjector } from './archive.projector';
import { AwardBansProjector } from './award-bans.projector';
import { DishonestListProjector } from './dishonest-list.projector';
import { ExemplarsProjector } from './exemplars.projector';
import { GreyListProjector } from './grey-list.projector';
import { LogInstantsProjector } from './log-instants.projector';
import type { Projector } from './projector';
import { PublicRecordsProjector } from './public-records.projector';
import { StatisticsProjector } from './statistics.projector';
import { SubjectStreamsProjector } from './subject-streams.projector';
import { WorkQueuesProjector } from './work-queues.projector';

/** The read side's projectors (issue 5), one per read model. */
export function readSideProjectors(): Projector[] {
  return [
    new LogInstantsProjector(),
    new SubjectStreamsProjector(),
    new ArchiveProjector(),
    new DishonestListProjector(),
    new AwardBansProjector(),
    new ExemplarsProjector(),
    new GreyListProjector(),
    new WorkQueuesProjector(),
    new StatisticsProjector(),
    new PublicRecordsProjector(),
  ];
}
