import { withUsccCheckCharacter } from '@app/domain';
import type { NewEvent } from '@app/event-store';

/** One append of the audit workload: events for one stream, in order. */
export interface AuditAppend {
  streamId: string;
  events: NewEvent[];
}

const day = (offset: number): string => new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

export const institutionUscc = (n: number): string => withUsccCheckCharacter(`11370100MB${String(n).padStart(7, '0')}`);

/** How many events `subjectAppends` writes for each part of an institution's life. */
export interface SubjectShape {
  leaders: number;
  commitments: number;
  records: number;
  exemplars: number;
  checks: number;
}

/**
 * 41 + 2,000 + 6,000 + 600 + 1,359 = 10,000 events: an institution with 20 leaders, 1,000
 * commitments (made, then fulfilled or breached), 600 records through rectification, lapse,
 * listing, ban, accountability and a rejected objection, 300 red-list titles (designated,
 * revoked) and 680 credit checks (all but one with feedback).
 */
export const TEN_THOUSAND: SubjectShape = { leaders: 20, commitments: 1000, records: 600, exemplars: 300, checks: 680 };

/** Domain-shaped events for one institution, one append per fact as the service writes them. */
export function subjectAppends(n: number, shape: SubjectShape): AuditAppend[] {
  const uscc = institutionUscc(n);
  const id = (kind: string, i: number) => `${kind}-${n}-${i}`;
  const appends: AuditAppend[] = [
    { streamId: `institution-${uscc}`, events: [{ type: 'InstitutionRegistered', data: { uscc, name: `机构${n}`, kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } }] },
  ];
  for (let i = 0; i < shape.leaders; i += 1) {
    const personId = `p-${n}-${i}`;
    appends.push({
      streamId: `institution-${uscc}`,
      events: [
        { type: 'PrincipalLeaderAppointed', data: { uscc, personId, name: `领导${i}`, title: '主任', effectiveOn: day(i * 90) } },
        { type: 'OfficialRegistered', data: { personId, name: `领导${i}`, institutionUscc: uscc, post: '主任' } },
      ],
    });
  }
  for (let i = 0; i < shape.commitments; i += 1) {
    const commitmentId = id('c', i);
    const streamId = `commitment-${commitmentId}`;
    const madeOn = day(i);
    appends.push({
      streamId,
      events: [
        {
          type: 'CommitmentMade',
          data: {
            commitmentId,
            institutionUscc: uscc,
            kind: 'DEADLINE',
            domain: 'INVESTMENT_ATTRACTION',
            title: `承诺${i}`,
            content: '对符合条件的企业30日内兑现奖励资金',
            signedBy: `p-${n}-${Math.min(shape.leaders - 1, Math.floor(i / 90))}`,
            madeOn,
            dueOn: day(i + 30),
            channels: ['PORTAL', 'WECHAT'],
          },
        },
      ],
    });
    appends.push({
      streamId,
      events: [
        i % 5 === 0
          ? { type: 'CommitmentBreached', data: { commitmentId, recordId: id('rb', i), on: day(i + 40), description: '逾期未兑现', documentNo: `文${i}`, authority: '信用办', severity: 'GENERAL' } }
          : { type: 'CommitmentFulfilled', data: { commitmentId, on: day(i + 20), evidence: '兑现凭证' } },
      ],
    });
  }
  for (let i = 0; i < shape.records; i += 1) {
    const recordId = id('r', i);
    const streamId = `record-${recordId}`;
    const base = i;
    const listedOn = day(base + 61);
    appends.push({
      streamId,
      events: [
        {
          type: 'DishonestyRecorded',
          data: {
            recordId,
            subject: { kind: 'INSTITUTION', id: uscc },
            category: 'ARREARS_TO_ENTERPRISES',
            severity: 'SERIOUS',
            domain: 'GOVERNMENT_PROCUREMENT',
            occurredOn: day(base),
            description: '拖欠民营企业工程款',
            finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: `罚${i}`, authority: '财政局', findingOn: day(base + 10) },
            policyProfile: 'national',
            policyVersion: 'NDRC-2019-527',
          },
        },
      ],
    });
    appends.push({ streamId, events: [{ type: 'RectificationOrdered', data: { recordId, orderId: 'order-1', orderedOn: day(base + 15), deadline: day(base + 60), requirements: '结清欠款' } }] });
    appends.push({ streamId, events: [{ type: 'RectificationReported', data: { recordId, orderId: 'order-1', reportId: 'rep-1', reportedOn: day(base + 50), evidence: '付款凭证' } }] });
    appends.push({
      streamId,
      events: [{ type: 'RectificationReviewed', data: { recordId, orderId: 'order-1', reportId: 'rep-1', reviewedOn: day(base + 55), accepted: false, reason: '未全额支付' } }],
    });
    appends.push({
      streamId,
      events: [
        { type: 'RectificationDeadlineLapsed', data: { recordId, orderId: 'order-1', deadline: day(base + 60), effectiveOn: listedOn } },
        { type: 'InstitutionListed', data: { recordId, uscc, listedOn, policyVersion: 'NDRC-2019-527', minimumLastDay: day(base + 243), publicationLastDay: day(base + 1156) } },
        { type: 'AwardBanImposed', data: { banId: `ban-${recordId}`, recordId, subject: { kind: 'INSTITUTION', id: uscc }, startsOn: listedOn, lastDay: day(base + 1156) } },
        {
          type: 'AccountabilityRequired',
          data: { recordId, obligationId: 'obligation-1', personId: `p-${n}-0`, name: '领导0', role: 'LEADER_AT_DEADLINE', uscc, requiredOn: listedOn },
        },
      ],
    });
    appends.push({ streamId, events: [{ type: 'ObjectionFiled', data: { recordId, objectionId: 'obj-1', filedOn: day(base + 70), grounds: '已部分支付' } }] });
    appends.push({
      streamId,
      events: [{ type: 'ObjectionDecided', data: { recordId, objectionId: 'obj-1', decidedOn: day(base + 75), outcome: 'REJECTED', reason: '未全额支付' } }],
    });
  }
  for (let i = 0; i < shape.exemplars; i += 1) {
    const exemplarId = id('e', i);
    const streamId = `exemplar-${exemplarId}`;
    appends.push({ streamId, events: [{ type: 'ExemplarDesignated', data: { exemplarId, subject: { kind: 'INSTITUTION', id: uscc }, title: '诚信之星', basis: '年度考评', designatedOn: day(i) } }] });
    appends.push({ streamId, events: [{ type: 'ExemplarRevoked', data: { exemplarId, on: day(i + 100), reason: 'JOINT_PUNISHMENT', causedByRecordId: id('r', i % Math.max(1, shape.records)) } }] });
  }
  for (let i = 0; i < shape.checks; i += 1) {
    const checkId = id('k', i);
    const streamId = `check-${checkId}`;
    const measures = [{ code: 'M01', name: '限制参加评先评优', legalBasis: '国发〔2016〕33号' }];
    appends.push({
      streamId,
      events: [
        {
          type: 'CreditCheckPerformed',
          data: {
            checkId,
            subject: { kind: 'INSTITUTION', id: uscc },
            matter: 'AWARD_EVALUATION',
            on: day(i),
            caseRef: `评优-${i}`,
            outcome: 'RESTRICTED',
            findings: [{ kind: 'AWARD_BAN', ref: `ban-${id('r', 0)}`, detail: '奖励限制期内', level: 'RESTRICTED', measures }],
          },
        },
      ],
    });
    if (i < shape.checks - 1) {
      appends.push({ streamId, events: [{ type: 'CheckFeedbackGiven', data: { checkId, givenOn: day(i + 2), applied: ['M01'], notApplied: [] } }] });
    }
  }
  return appends;
}

export const eventCount = (appends: AuditAppend[]): number => appends.reduce((sum, a) => sum + a.events.length, 0);

/**
 * Lays the subject's appends into a log of about `total` events: background institutions fill
 * the rest, interleaved evenly, so the subject's streams are spread over the whole log. The
 * background is generated as it is written, so a million-event log never sits in memory.
 */
export function* interleave(subject: AuditAppend[], total: number): Generator<AuditAppend> {
  const background = Math.max(0, total - eventCount(subject));
  const noise = backgroundAppends();
  let written = 0;
  for (let s = 0; s < subject.length; s += 1) {
    yield subject[s];
    for (const until = ((s + 1) / subject.length) * background; written < until; ) {
      const next = noise.next().value as AuditAppend;
      written += next.events.length;
      yield next;
    }
  }
}

/** Background institutions, each stream written in one append: the log fills fast, the subject's appends stay one per fact. */
function* backgroundAppends(): Generator<AuditAppend> {
  for (let n = 1000; ; n += 1) {
    const byStream = new Map<string, NewEvent[]>();
    for (const append of subjectAppends(n, SMALL)) byStream.set(append.streamId, [...(byStream.get(append.streamId) ?? []), ...append.events]);
    for (const [streamId, events] of byStream) yield { streamId, events };
  }
}

/** A background institution: 1 + 2×2 + 5×2 + 3×10 + 1×2 + 5×2 − 1 = 56 events. */
const SMALL: SubjectShape = { leaders: 2, commitments: 5, records: 3, exemplars: 1, checks: 5 };
