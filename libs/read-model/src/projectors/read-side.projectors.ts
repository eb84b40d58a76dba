import type { WorkingDayCalendar } from '@app/domain';
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

export interface ReadSideOptions {
  /** The working-day calendar the queues' SLAs count in (default: the shipped years). */
  calendar?: WorkingDayCalendar;
}

/** The read side's projectors (issue 5), one per read model. */
export function readSideProjectors(options: ReadSideOptions = {}): Projector[] {
  return [
    new LogInstantsProjector(),
    new SubjectStreamsProjector(),
    new ArchiveProjector(),
    new DishonestListProjector(),
    new AwardBansProjector(),
    new ExemplarsProjector(),
    new GreyListProjector(),
    new WorkQueuesProjector(options.calendar),
    new StatisticsProjector(),
    new PublicRecordsProjector(),
  ];
}
