export * from './values';
export * from './shared/domain-error';
export * from './shared/enums';
export * from './institution/institution.events';
export * from './institution/institution.commands';
export * from './institution/institution.state';
export * from './institution/institution.queries';
export { decideInstitution, institutionDecider } from './institution/institution.decider';
export * from './streams';
