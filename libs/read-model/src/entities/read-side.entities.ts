import { LogInstant } from './log-instant.entity';
import { SubjectStream } from './subject-stream.entity';

export * from './log-instant.entity';
export * from './subject-stream.entity';

/** The tables of the read side's projections (issue 5), beside the ones in ./index.ts. */
export const READ_SIDE_ENTITIES = [SubjectStream, LogInstant];
