/**
 * The pure domain of the government-integrity credit ledger (domain.md §2–§6): value types,
 * one decider per stream, the queries the rules need, policies, calendar and measure catalogue.
 */
export * from './values';
export * from './shared/domain-error';
export * from './shared/enums';
export * from './streams';
export * from './policies/policies';

export * from './institution/institution.events';
export * from './institution/institution.commands';
export * from './institution/institution.state';
export * from './institution/institution.queries';
export { decideInstitution, institutionDecider } from './institution/institution.decider';

export * from './commitment/commitment.events';
export * from './commitment/commitment.commands';
export * from './commitment/commitment.state';
export * from './commitment/commitment.queries';
export { decideCommitment, commitmentDecider } from './commitment/commitment.decider';

export * from './record/record.events';
export * from './record/record.commands';
export * from './record/record.state';
export * from './record/record.queries';
export { recordCommandForBreach } from './record/record-dishonesty.rule';
export * from './record/accountability-trace';
export { decideRecord, recordDecider } from './record/record.decider';
export { withDueLapse } from './record/rectification-lapse.rule';

export * from './exemplar/exemplar.events';
export * from './exemplar/exemplar.commands';
export type { ExemplarState, VoidedRevocation } from './exemplar/exemplar.decider';
export {
  afterRevocation,
  decideExemplar,
  evolveExemplar,
  exemplarDecider,
  initialExemplarState,
  isExemplarActiveOn,
  jointPunishmentRevocations,
  officialRestrictionVoiding,
  restrictionRevocations,
  revocationInForce,
} from './exemplar/exemplar.decider';

export * from './check/check.events';
export * from './check/check.commands';
export * from './check/credit-assessment';
export type { CheckState } from './check/check.decider';
export { checkDecider, decideCheck, evolveCheck, initialCheckState } from './check/check.decider';

export * from './policies/measure-catalogue.data';
export * from './calendar/calendar.data';
export * from './calendar/working-days';

export * from './events/domain-event';
export * from './events/schema-versions';
export * from './events/upcasters';
