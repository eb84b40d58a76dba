/** The read side's exports (issue 5): projectors, queries, SQL helpers, locks, rebuild. */
export * from './sql/sql';
export * from './projectors/projection-context';
export * from './projectors/read-side.projectors';
export * from './projectors/subject-streams.projector';
export * from './projectors/log-instants.projector';
export * from './queries/subject-streams.query';
export * from './queries/known-at.query';
export * from './runner/checkpoints';
export * from './runner/projector-locks';
