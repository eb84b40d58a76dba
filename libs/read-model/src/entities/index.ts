import { InstitutionView } from './institution-view.entity';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { ProcessCheckpoint } from './process-checkpoint.entity';
import { RectificationDeadline } from './rectification-deadline.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { READ_SIDE_ENTITIES } from './read-side.entities';

export { InstitutionView, ProjectionCheckpoint };
export { ProcessCheckpoint, RectificationDeadline };
export { IdempotencyKey };
export * from './read-side.entities';

export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, ProcessCheckpoint, RectificationDeadline, InstitutionView, IdempotencyKey, ...READ_SIDE_ENTITIES];
