import { InitialReadModel1763770000000 } from './1763770000000-initial-read-model';

/** In order; TypeORM runs the ones not yet applied at start. */
export const READ_MODEL_MIGRATIONS = [InitialReadModel1763770000000];
