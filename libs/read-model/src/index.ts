export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './projectors/projector';
export * from './projectors/rectification-deadline.projector';
export * from './runner/projection-runner';
export * from './runner/read-store-release';
export * from './read-side';

import { RectificationDeadlineProjector } from './projectors/rectification-deadline.projector';
import type { Projector } from './projectors/projector';
import { ReadSideOptions, readSideProjectors } from './projectors/read-side.projectors';

/** Every projector of the read side, in the order they are fed. */
export function allProjectors(options: ReadSideOptions = {}): Projector[] {
  return [new RectificationDeadlineProjector(), ...readSideProjectors(options)];
}
