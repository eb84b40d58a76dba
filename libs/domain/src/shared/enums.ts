/** Closed vocabularies of domain.md, as const arrays so validation and types share one source. */
export const INSTITUTION_KINDS = [
  'GOVERNMENT_ORGAN',
  'PUBLIC_INSTITUTION',
  'STATE_OWNED_ENTERPRISE',
  'TOWNSHIP_OR_STREET',
  'VILLAGE_COMMITTEE',
  'OTHER',
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** 重点领域, domain.md §4.7 */
export const DOMAINS = [
  'GOVERNMENT_PROCUREMENT',
  'PPP',
  'BIDDING',
  'INVESTMENT_ATTRACTION',
  'GOVERNMENT_DEBT',
  'ENVIRONMENT',
  'TOWNSHIP_SERVICES',
  'PUBLIC_RESOURCE_TRADING',
  'ADMINISTRATIVE_SERVICES',
  'OTHER',
] as const;
export type Domain = (typeof DOMAINS)[number];

export const COMMITMENT_KINDS = [
  'SERVICE_QUALITY',
  'DEADLINE',
  'GUARANTEE',
  'POLICY',
  'CONTRACT',
  'ENVIRONMENTAL_TARGET',
] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

export const PUBLICATION_CHANNELS = ['PORTAL', 'WEIBO', 'WECHAT', 'APP', 'PRESS', 'OTHER'] as const;
export type PublicationChannel = (typeof PUBLICATION_CHANNELS)[number];

/** Only these three let a commitment change (domain.md §4.2). */
export const LAWFUL_AMENDMENT_REASONS = ['NATIONAL_INTEREST', 'PUBLIC_INTEREST', 'STATUTORY_CHANGE'] as const;
/** 换届、责任人更替 — named so the refusal can say exactly why. */
export const UNLAWFUL_AMENDMENT_REASONS = ['LEADERSHIP_CHANGE', 'GOVERNMENT_TERM_CHANGE'] as const;
export const AMENDMENT_REASONS = [...LAWFUL_AMENDMENT_REASONS, ...UNLAWFUL_AMENDMENT_REASONS] as const;
export type AmendmentReason = (typeof AMENDMENT_REASONS)[number];

export const RECORD_CATEGORIES = [
  'COMMITMENT_UNFULFILLED',
  'ARREARS_TO_ENTERPRISES',
  'REFUSAL_TO_EXECUTE_JUDGMENT',
  'NEW_OFFICIAL_IGNORES_OLD_DEBTS',
  'CONTRACT_BREACH',
  'PROCUREMENT_VIOLATION',
  'BIDDING_VIOLATION',
  'DEBT_VIOLATION',
  'ENVIRONMENTAL_FAILURE',
  'OTHER',
] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

export const SEVERITIES = ['MINOR', 'GENERAL', 'SERIOUS'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_TYPES = [
  'JUDICIAL_JUDGMENT',
  'ADMINISTRATIVE_PENALTY',
  'DISCIPLINARY_SANCTION',
  'ACCOUNTABILITY_DECISION',
  'COMMITMENT_BREACH',
  'VERIFIED_COMPLAINT',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export const SUBJECT_KINDS = ['INSTITUTION', 'OFFICIAL'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const ACCOUNTABILITY_MEASURES = [
  'CRITICISM_EDUCATION',
  'ADMONISHMENT',
  'CIRCULATED_CRITICISM',
  'ORGANIZATIONAL_ADJUSTMENT',
  'DISCIPLINARY_SANCTION',
  'EXEMPTED',
] as const;
export type AccountabilityMeasure = (typeof ACCOUNTABILITY_MEASURES)[number];

export const MITIGATION_EFFECTS = ['REDUCED', 'EXEMPTED'] as const;
export type MitigationEffect = (typeof MITIGATION_EFFECTS)[number];

export const OBJECTION_OUTCOMES = ['REJECTED', 'CORRECTED', 'RECORD_REVOKED', 'LISTING_REVOKED'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

export const CHECK_MATTERS = [
  'AWARD_EVALUATION',
  'PROMOTION',
  'FINANCIAL_SUBSIDY',
  'PROJECT_APPROVAL',
  'PROCUREMENT',
  'ADMINISTRATIVE_LICENSE',
  'PERSONNEL_RECRUITMENT',
] as const;
export type CheckMatter = (typeof CHECK_MATTERS)[number];
