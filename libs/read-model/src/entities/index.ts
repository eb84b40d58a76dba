import { InstitutionView } from './institution-view.entity';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { READ_SIDE_ENTITIES } from './read-side.entities';

export { InstitutionView, ProjectionCheckpoint };
export { IdempotencyKey };
export * from './read-side.entities';

export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, InstitutionView, IdempotencyKey, ...READ_SIDE_ENTITIES];
