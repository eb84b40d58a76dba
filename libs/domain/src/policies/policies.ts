/**
 * Publication and repair periods as versioned data (domain.md §5), chosen by the record's
 * findingOn under the deployment's jurisdiction profile. A record stores the version id it was
 * judged under; versions are immutable, so a later policy never changes an old record.
 */
import { BusinessDate, isOnOrAfter, isOnOrBefore } from '../values/business-date';
import { Period, months, years } from '../values/civil-period';

export const POLICY_PROFILES = ['national', 'jinan-hitech'] as const;
export type PolicyProfileId = (typeof POLICY_PROFILES)[number];
export const DEFAULT_POLICY_PROFILE: PolicyProfileId = 'national';

export interface MinMax {
  minimum: Period;
  maximum: Period;
}

export interface PolicyVersion {
  profile: PolicyProfileId;
  version: string;
  document: string;
  /** Inclusive bounds on findingOn; absent means open-ended. */
  inForceFrom?: BusinessDate;
  inForceUntil?: BusinessDate;
  /** MINOR records are never published, so they have no periods. */
  GENERAL: MinMax;
  SERIOUS: MinMax;
  LISTING: MinMax;
}

export const POLICY_VERSIONS: readonly PolicyVersion[] = [
  {
    profile: 'national',
    version: 'NDRC-2019-527',
    document: '发改办财金〔2019〕527号 行政处罚信息信用修复机制',
    inForceUntil: '2026-03-31',
    GENERAL: { minimum: months(3), maximum: years(1) },
    SERIOUS: { minimum: months(6), maximum: years(3) },
    LISTING: { minimum: months(6), maximum: years(3) },
  },
  {
    profile: 'national',
    version: 'NDRC-2025-36',
    document: 'NDRC-2025-36',
    inForceFrom: '2026-04-01',
    GENERAL: { minimum: months(3), maximum: years(1) },
    SERIOUS: { minimum: years(1), maximum: years(3) },
    LISTING: { minimum: years(1), maximum: years(3) },
  },
  {
    // 济高信用办〔2020〕2号: "公示满3个月可撤销、公示满6个月可撤销、公示期满前不可撤销" —
    // a listing here cannot be repaired before it expires, so its minimum equals its maximum.
    profile: 'jinan-hitech',
    version: 'JNGX-2020-2',
    document: '济高信用办〔2020〕2号',
    GENERAL: { minimum: months(3), maximum: years(1) },
    SERIOUS: { minimum: months(6), maximum: years(3) },
    LISTING: { minimum: years(3), maximum: years(3) },
  },
];

/** The award ban is three years in every profile (domain.md §5). */
export const AWARD_BAN_PERIOD: Period = years(3);

export function isPolicyProfile(value: unknown): value is PolicyProfileId {
  return typeof value === 'string' && (POLICY_PROFILES as readonly string[]).includes(value);
}

/** The version in force on `findingOn` under `profile`. */
export function selectPolicy(profile: PolicyProfileId, findingOn: BusinessDate): PolicyVersion {
  const found = POLICY_VERSIONS.find(
    (p) =>
      p.profile === profile &&
      (p.inForceFrom === undefined || isOnOrAfter(findingOn, p.inForceFrom)) &&
      (p.inForceUntil === undefined || isOnOrBefore(findingOn, p.inForceUntil)),
  );
  // The table covers every date of every profile; a gap is a data bug, not a user error.
  if (!found) throw new Error(`no policy version of ${profile} covers ${findingOn}`);
  return found;
}

export function policyByVersion(version: string): PolicyVersion {
  const found = POLICY_VERSIONS.find((p) => p.version === version);
  if (!found) throw new Error(`unknown policy version ${version}`);
  return found;
}
