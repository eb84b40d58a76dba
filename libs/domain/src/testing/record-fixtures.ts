/** Events and context the record specs share, so each spec shows only what its rule needs. */
import { InstitutionEvent } from '../institution/institution.events';
import { evolveInstitution, initialInstitutionState, InstitutionState } from '../institution/institution.state';
import { CommitmentMade } from '../commitment/commitment.events';
import { RecordDecisionContext, RecordDishonesty } from '../record/record.commands';
import { recordDecider } from '../record/record.decider';
import { DishonestyRecorded, RecordEvent } from '../record/record.events';
import { deciderSpec } from './decider-spec';
import { HITECH_ADMIN_COMMITTEE } from './fixtures';

export const USCC = HITECH_ADMIN_COMMITTEE;
export const RECORD_ID = 'r-2025-001';

export const institutionEvents: InstitutionEvent[] = [
  { type: 'InstitutionRegistered', data: { uscc: USCC, name: '济南高新区管委会', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } },
  { type: 'PrincipalLeaderAppointed', data: { uscc: USCC, personId: 'p-wang', name: '王某', title: '主任', effectiveOn: '2022-03-15' } },
  { type: 'OfficialRegistered', data: { personId: 'p-wang', name: '王某', institutionUscc: USCC, post: '主任' } },
  { type: 'PrincipalLeaderAppointed', data: { uscc: USCC, personId: 'p-li', name: '李某', title: '主任', effectiveOn: '2025-06-01' } },
  { type: 'OfficialRegistered', data: { personId: 'p-li', name: '李某', institutionUscc: USCC, post: '主任' } },
  { type: 'OfficialRegistered', data: { personId: 'p-zhao', name: '赵某', institutionUscc: USCC, post: '科长' } },
];

export const institution: InstitutionState = institutionEvents.reduce(evolveInstitution, initialInstitutionState());

export const context: RecordDecisionContext = { institution, policyProfile: 'national' };

export const recordSpec = deciderSpec(recordDecider, context);

export const findingOn = (date: string): DishonestyRecorded['data']['finding'] => ({
  type: 'ADMINISTRATIVE_PENALTY',
  documentNo: '济高罚〔2025〕12号',
  authority: '济南高新区财政局',
  findingOn: date,
});

/** What the credit office enters: a SERIOUS arrears finding of 2025-01-10. */
export const recordInput: RecordDishonesty['data'] = {
  recordId: RECORD_ID,
  subject: { kind: 'INSTITUTION', id: USCC },
  category: 'ARREARS_TO_ENTERPRISES',
  severity: 'SERIOUS',
  domain: 'GOVERNMENT_PROCUREMENT',
  occurredOn: '2024-11-20',
  description: '拖欠民营企业工程款',
  finding: findingOn('2025-01-10'),
};

export function recorded(overrides: Partial<DishonestyRecorded['data']> = {}): RecordEvent {
  return {
    type: 'DishonestyRecorded',
    data: { ...recordInput, policyProfile: 'national', policyVersion: 'NDRC-2019-527', ...overrides },
  };
}

export const commitmentMade: CommitmentMade = {
  type: 'CommitmentMade',
  data: {
    commitmentId: 'c-1',
    institutionUscc: USCC,
    kind: 'DEADLINE',
    domain: 'INVESTMENT_ATTRACTION',
    title: '招商引资奖励30日内兑现',
    content: '对符合条件的企业30日内兑现奖励资金',
    signedBy: 'p-wang',
    madeOn: '2024-05-06',
    dueOn: '2024-06-05',
    channels: ['PORTAL', 'WECHAT'],
  },
};

export const officialRecorded = (overrides: Partial<DishonestyRecorded['data']> = {}): RecordEvent =>
  recorded({ subject: { kind: 'OFFICIAL', id: 'p-zhao', institutionUscc: USCC }, category: 'OTHER', ...overrides });

export const ordered = (orderedOn: string, deadline: string, orderId = 'order-1'): RecordEvent => ({
  type: 'RectificationOrdered',
  data: { recordId: RECORD_ID, orderId, orderedOn, deadline, requirements: '30日内结清欠款' },
});

export const reported = (reportId: string, reportedOn: string, orderId = 'order-1'): RecordEvent => ({
  type: 'RectificationReported',
  data: { recordId: RECORD_ID, orderId, reportId, reportedOn, evidence: '付款凭证' },
});

export const reviewed = (reportId: string, reviewedOn: string, accepted: boolean, orderId = 'order-1'): RecordEvent => ({
  type: 'RectificationReviewed',
  data: {
    recordId: RECORD_ID,
    orderId,
    reportId,
    reviewedOn,
    accepted,
    ...(accepted ? {} : { reason: '未全额支付' }),
  },
});

/** The four events of a lapse of order-1 with deadline 2025-03-31 (listed 2025-04-01). */
export const lapsedOn20250401: RecordEvent[] = [
  { type: 'RectificationDeadlineLapsed', data: { recordId: RECORD_ID, orderId: 'order-1', deadline: '2025-03-31', effectiveOn: '2025-04-01' } },
  {
    type: 'InstitutionListed',
    data: { recordId: RECORD_ID, uscc: USCC, listedOn: '2025-04-01', policyVersion: 'NDRC-2019-527', minimumLastDay: '2025-10-01', publicationLastDay: '2028-04-01' },
  },
  {
    type: 'AwardBanImposed',
    data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, subject: { kind: 'INSTITUTION', id: USCC }, startsOn: '2025-04-01', lastDay: '2028-04-01' },
  },
  {
    type: 'AccountabilityRequired',
    data: { recordId: RECORD_ID, obligationId: 'obligation-1', personId: 'p-wang', name: '王某', role: 'LEADER_AT_DEADLINE', uscc: USCC, requiredOn: '2025-04-01' },
  },
];

/** A SERIOUS record found 2025-01-10, ordered to rectify by 2025-03-31, lapsed and listed. */
export const listedHistory: RecordEvent[] = [recorded(), ordered('2025-01-15', '2025-03-31'), ...lapsedOn20250401];
