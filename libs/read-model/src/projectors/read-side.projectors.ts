import { LogInstantsProjector } from './log-instants.projector';
import type { Projector } from './projector';
import { SubjectStreamsProjector } from './subject-streams.projector';

/** The read side's projectors (issue 5), one per read model. */
export function readSideProjectors(): Projector[] {
  return [new LogInstantsProjector(), new SubjectStreamsProjector()];
}
