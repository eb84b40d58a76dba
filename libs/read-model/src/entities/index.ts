import { InstitutionView } from './institution-view.entity';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { IdempotencyKey } from './idempotency-key.entity';

export { InstitutionView, ProjectionCheckpoint };
export { IdempotencyKey };

export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, InstitutionView, IdempotencyKey];
