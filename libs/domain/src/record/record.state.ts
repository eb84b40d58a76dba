import { policyByVersion } from '../policies/policies';
import { MitigationEffect, ObjectionOutcome } from '../shared/enums';
import { periodLastDay } from '../values/civil-period';
import { BusinessDate } from '../values/business-date';
import {
  AccountabilityDecided,
  AccountabilityObligationCancelled,
  AccountabilityRole,
  DelistReason,
  DishonestyRecorded,
  FieldChange,
  PublicationEndReason,
  RecordEvent,
} from './record.events';

export interface RectificationReport {
  reportId: string;
  reportedOn: BusinessDate;
  evidence: string;
  review?: { reviewedOn: BusinessDate; accepted: boolean; reason?: string };
}

export interface RectificationOrder {
  orderId: string;
  orderedOn: BusinessDate;
  deadline: BusinessDate;
  requirements: string;
  reports: RectificationReport[];
  lapsedOn?: BusinessDate;
}

export interface Listing {
  uscc: string;
  listedOn: BusinessDate;
  policyVersion: string;
  minimumLastDay: BusinessDate;
  publicationLastDay: BusinessDate;
  delisted?: { on: BusinessDate; reason: DelistReason };
}

/** A listing's terms under a policy version: its minimum and publication periods from its listedOn. */
export function listingTermsUnder(listing: Pick<Listing, 'listedOn'>, policyVersion: string): Pick<Listing, 'policyVersion' | 'minimumLastDay' | 'publicationLastDay'> {
  const periods = policyByVersion(policyVersion).LISTING;
  return { policyVersion, minimumLastDay: periodLastDay(listing.listedOn, periods.minimum), publicationLastDay: periodLastDay(listing.listedOn, periods.maximum) };
}

export interface AwardBan {
  banId: string;
  uscc: string;
  startsOn: BusinessDate;
  lastDay: BusinessDate;
  voided?: { on: BusinessDate; reason: 'RECORD_REVOKED' | 'LISTING_REVOKED'; objectionId: string };
  liftedEarly?: { on: BusinessDate; legalBasis: string; decisionNo: string; reason: string };
}

export interface AccountabilityObligation {
  obligationId: string;
  personId: string | null;
  name: string | null;
  role: AccountabilityRole;
  requiredOn: BusinessDate;
  status: 'OPEN' | 'DECIDED' | 'CANCELLED';
  closedOn?: BusinessDate;
  /** Why a CANCELLED obligation no longer needs a decision (the cancellation's reason). */
  cancelReason?: AccountabilityObligationCancelled['data']['reason'];
}

export type AccountabilityDecision = Omit<AccountabilityDecided['data'], 'recordId'>;

export interface Objection {
  objectionId: string;
  filedOn: BusinessDate;
  grounds: string;
  decision?: { decidedOn: BusinessDate; outcome: ObjectionOutcome; reason: string };
}

export interface RepairApplication {
  applicationId: string;
  appliedOn: BusinessDate;
  evidence: string;
  decision?: { decidedOn: BusinessDate; granted: boolean; reason: string };
}

/** The record with its current (corrected) facts and everything that happened to it. */
export type DishonestyRecord = DishonestyRecorded['data'] & {
  status: 'ACTIVE' | 'REVOKED';
  revoked?: { on: BusinessDate; reason: string; objectionId: string };
  orders: RectificationOrder[];
  listing?: Listing;
  ban?: AwardBan;
  obligations: AccountabilityObligation[];
  accountabilityDecisions: AccountabilityDecision[];
  mitigation?: { personId: string; decidedOn: BusinessDate; effect: MitigationEffect; basis: string };
  objections: Objection[];
  corrections: { objectionId: string; correctedOn: BusinessDate; changes: FieldChange[] }[];
  repairs: RepairApplication[];
  publicationEnded?: { on: BusinessDate; reason: PublicationEndReason };
};

export type RecordState = { status: 'NONE' } | DishonestyRecord;

export const initialRecordState = (): RecordState => ({ status: 'NONE' });

const replaceWhere = <T>(items: T[], match: (item: T) => boolean, update: (item: T) => T): T[] =>
  items.map((item) => (match(item) ? update(item) : item));

export function evolveRecord(state: RecordState, event: RecordEvent): RecordState {
  if (event.type === 'DishonestyRecorded') {
    return {
      ...event.data,
      status: 'ACTIVE',
      orders: [],
      obligations: [],
      accountabilityDecisions: [],
      objections: [],
      corrections: [],
      repairs: [],
    };
  }
  if (state.status === 'NONE') return state;
  return evolveExisting(state, event);
}

function evolveExisting(state: DishonestyRecord, event: Exclude<RecordEvent, DishonestyRecorded>): DishonestyRecord {
  switch (event.type) {
    case 'RectificationOrdered': {
      const { orderId, orderedOn, deadline, requirements } = event.data;
      return { ...state, orders: [...state.orders, { orderId, orderedOn, deadline, requirements, reports: [] }] };
    }
    case 'RectificationReported': {
      const { orderId, reportId, reportedOn, evidence } = event.data;
      return {
        ...state,
        orders: replaceWhere(
          state.orders,
          (o) => o.orderId === orderId,
          (o) => ({ ...o, reports: [...o.reports, { reportId, reportedOn, evidence }] }),
        ),
      };
    }
    case 'RectificationReviewed': {
      const { orderId, reportId, reviewedOn, accepted, reason } = event.data;
      const review = { reviewedOn, accepted, ...(reason !== undefined && { reason }) };
      return {
        ...state,
        orders: replaceWhere(
          state.orders,
          (o) => o.orderId === orderId,
          (o) => ({ ...o, reports: replaceWhere(o.reports, (r) => r.reportId === reportId, (r) => ({ ...r, review })) }),
        ),
      };
    }
    case 'RectificationDeadlineLapsed':
      return {
        ...state,
        orders: replaceWhere(
          state.orders,
          (o) => o.orderId === event.data.orderId,
          (o) => ({ ...o, lapsedOn: event.data.effectiveOn }),
        ),
      };
    case 'InstitutionListed': {
      const { recordId: _r, ...listing } = event.data;
      return { ...state, listing };
    }
    case 'AwardBanImposed': {
      const { banId, subject, startsOn, lastDay } = event.data;
      return { ...state, ban: { banId, uscc: subject.id, startsOn, lastDay } };
    }
    case 'AccountabilityRequired': {
      const { obligationId, personId, name, role, requiredOn } = event.data;
      return {
        ...state,
        obligations: [...state.obligations, { obligationId, personId, name, role, requiredOn, status: 'OPEN' }],
      };
    }
    case 'AccountabilityDecided': {
      const { recordId: _r, ...decision } = event.data;
      return {
        ...state,
        accountabilityDecisions: [...state.accountabilityDecisions, decision],
        obligations: replaceWhere(
          state.obligations,
          (o) => o.obligationId === decision.obligationId,
          (o) => ({ ...o, status: 'DECIDED', closedOn: decision.decidedOn }),
        ),
      };
    }
    case 'AccountabilityObligationCancelled':
      return {
        ...state,
        obligations: replaceWhere(
          state.obligations,
          (o) => o.obligationId === event.data.obligationId,
          (o) => ({ ...o, status: 'CANCELLED', closedOn: event.data.cancelledOn, cancelReason: event.data.reason }),
        ),
      };
    case 'MitigationDecided': {
      const { recordId: _r, ...mitigation } = event.data;
      return { ...state, mitigation };
    }
    case 'ObjectionFiled': {
      const { objectionId, filedOn, grounds } = event.data;
      return { ...state, objections: [...state.objections, { objectionId, filedOn, grounds }] };
    }
    case 'ObjectionDecided': {
      const { objectionId, decidedOn, outcome, reason } = event.data;
      return {
        ...state,
        objections: replaceWhere(
          state.objections,
          (o) => o.objectionId === objectionId,
          (o) => ({ ...o, decision: { decidedOn, outcome, reason } }),
        ),
      };
    }
    case 'RecordCorrected':
      return applyCorrections(state, event.data);
    case 'RecordRevoked': {
      const { revokedOn, reason, objectionId } = event.data;
      return { ...state, status: 'REVOKED', revoked: { on: revokedOn, reason, objectionId } };
    }
    case 'InstitutionDelisted':
      if (!state.listing) return state;
      return { ...state, listing: { ...state.listing, delisted: { on: event.data.delistedOn, reason: event.data.reason } } };
    case 'AwardBanVoided': {
      if (!state.ban) return state;
      const { voidedOn, reason, objectionId } = event.data;
      return { ...state, ban: { ...state.ban, voided: { on: voidedOn, reason, objectionId } } };
    }
    case 'AwardBanLiftedEarly': {
      if (!state.ban) return state;
      const { on, legalBasis, decisionNo, reason } = event.data;
      return { ...state, ban: { ...state.ban, liftedEarly: { on, legalBasis, decisionNo, reason } } };
    }
    case 'RepairApplied': {
      const { applicationId, appliedOn, evidence } = event.data;
      return { ...state, repairs: [...state.repairs, { applicationId, appliedOn, evidence }] };
    }
    case 'RepairDecided': {
      const { applicationId, decidedOn, granted, reason } = event.data;
      return {
        ...state,
        repairs: replaceWhere(
          state.repairs,
          (r) => r.applicationId === applicationId,
          (r) => ({ ...r, decision: { decidedOn, granted, reason } }),
        ),
      };
    }
    case 'PublicationEnded':
      return { ...state, publicationEnded: { on: event.data.endedOn, reason: event.data.reason } };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

function applyCorrections(state: DishonestyRecord, data: { objectionId: string; correctedOn: BusinessDate; changes: FieldChange[] }): DishonestyRecord {
  let next: DishonestyRecord = { ...state, finding: { ...state.finding } };
  for (const { field, newValue } of data.changes) {
    switch (field) {
      case 'findingOn':
      case 'documentNo':
        next.finding = { ...next.finding, [field]: newValue };
        break;
      case 'severity':
      case 'category':
      case 'occurredOn':
      case 'description':
      case 'policyVersion':
        next = { ...next, [field]: newValue };
        break;
      case 'listing.policyVersion':
      case 'listing.minimumLastDay':
      case 'listing.publicationLastDay':
        if (next.listing) next = { ...next, listing: { ...next.listing, [field.slice('listing.'.length)]: newValue } };
        break;
      default: {
        const unexpected: never = field;
        return unexpected;
      }
    }
  }
  // A v1 correction (before RecordCorrected carried the listing's terms) moved the record to another
  // version without them: they follow from the version as a v2 correction would have stated them.
  const version = data.changes.find((change) => change.field === 'policyVersion')?.newValue;
  if (version && next.listing && next.listing.policyVersion !== version && !data.changes.some((change) => change.field.startsWith('listing.'))) {
    next = { ...next, listing: { ...next.listing, ...listingTermsUnder(next.listing, version) } };
  }
  return { ...next, corrections: [...state.corrections, { objectionId: data.objectionId, correctedOn: data.correctedOn, changes: data.changes }] };
}
