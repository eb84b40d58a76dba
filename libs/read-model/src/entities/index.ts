import { InstitutionView } from './institution-view.entity';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';

export { InstitutionView, ProjectionCheckpoint };

export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, InstitutionView];
