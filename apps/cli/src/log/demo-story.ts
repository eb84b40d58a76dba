import { addDays, BusinessDate, withUsccCheckCharacter } from '@app/domain';

/** A request of the demo story: who sends it, where, with what; `as` names the answer for later steps. */
export interface DemoCall {
  role: 'registrar' | 'credit-office' | 'subject' | 'approver' | 'discipline';
  uscc?: string;
  path: string;
  body: Record<string, unknown>;
  /** What the step shows, printed once it ran (from its answer when a function). */
  says: string | ((answer: Record<string, unknown>) => string);
}

export const DEMO_INSTITUTIONS = {
  zhaoshang: withUsccCheckCharacter('11370100MB2860001'),
  zhujian: withUsccCheckCharacter('11370112MB2860002'),
  jiaotong: withUsccCheckCharacter('11370202MB2860003'),
} as const;

const A = DEMO_INSTITUTIONS.zhaoshang;
const B = DEMO_INSTITUTIONS.zhujian;
const C = DEMO_INSTITUTIONS.jiaotong;

/**
 * The demo's history, dated back from `today` so every date is in the past: three institutions,
 * their leaders (one replaced), a commitment broken after the change of leadership, rectification
 * orders whose deadlines pass, listings, award bans and accountability, a red-list title revoked by
 * a listing, a late rectification and a granted repair that leaves the ban running, a record under
 * objection, an open commitment and a credit check with feedback. The steps that depend on earlier
 * answers (record ids, the earliest repair day) are functions of those answers.
 */
export function demoStory(today: BusinessDate): Array<DemoCall | ((answers: Map<string, Record<string, unknown>>) => DemoCall | DemoCall[])> {
  const d = (days: number) => addDays(today, -days);
  const record = (uscc: string, findingOn: string, severity: string, description: string, documentNo: string) => ({
    subject: { kind: 'INSTITUTION', id: uscc },
    category: 'ARREARS_TO_ENTERPRISES',
    severity,
    domain: 'GOVERNMENT_PROCUREMENT',
    occurredOn: findingOn,
    description,
    finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo, authority: '市财政局', findingOn },
  });
  return [
    { role: 'registrar', path: '/v1/institutions', body: { uscc: A, name: '某市招商局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' }, says: 'registers 某市招商局' },
    { role: 'registrar', path: '/v1/institutions', body: { uscc: B, name: '某区住房和城乡建设局', kind: 'GOVERNMENT_ORGAN', regionCode: '370112' }, says: 'registers 某区住房和城乡建设局' },
    { role: 'registrar', path: '/v1/institutions', body: { uscc: C, name: '某区交通运输局', kind: 'GOVERNMENT_ORGAN', regionCode: '370202' }, says: 'registers 某区交通运输局' },
    { role: 'registrar', path: `/v1/institutions/${A}/leaders`, body: { personId: 'p-wang', name: '王某', title: '局长', effectiveOn: d(700) }, says: 'appoints 王某 at 招商局' },
    { role: 'registrar', path: `/v1/institutions/${B}/leaders`, body: { personId: 'p-zhao', name: '赵某', title: '局长', effectiveOn: d(700) }, says: 'appoints 赵某 at 住建局' },
    { role: 'registrar', path: `/v1/institutions/${C}/leaders`, body: { personId: 'p-sun', name: '孙某', title: '局长', effectiveOn: d(700) }, says: 'appoints 孙某 at 交通局' },
    {
      role: 'registrar',
      path: '/v1/commitments',
      body: { commitmentId: 'demo-cmt-1', institutionUscc: A, kind: 'DEADLINE', domain: 'INVESTMENT_ATTRACTION', title: '招商奖励资金按期兑现', content: '到期前兑现全部奖励资金', signedBy: 'p-wang', madeOn: d(500), dueOn: d(330), channels: ['PORTAL'] },
      says: '招商局 commits (signed by 王某) to pay out investment incentives',
    },
    { role: 'registrar', path: `/v1/institutions/${A}/leaders`, body: { personId: 'p-li', name: '李某', title: '局长', effectiveOn: d(400) }, says: '李某 replaces 王某 at 招商局: the commitment still stands' },
    {
      role: 'registrar',
      path: '/v1/commitments',
      body: { commitmentId: 'demo-cmt-2', institutionUscc: B, kind: 'DEADLINE', domain: 'GOVERNMENT_PROCUREMENT', title: '工程款按期支付', content: '按合同约定期限支付工程款', signedBy: 'p-zhao', madeOn: d(60), dueOn: addDays(today, 120), channels: ['PORTAL'] },
      says: '住建局 commits to pay a contractor on time (due in four months)',
    },
    { role: 'credit-office', path: '/v1/exemplars', body: { exemplarId: 'demo-exm-1', subject: { kind: 'INSTITUTION', id: C }, title: '诚信建设示范单位', basis: '市信用办评定', designatedOn: d(600) }, says: '交通局 is designated 诚信建设示范单位 (red list)' },
    {
      role: 'credit-office',
      path: '/v1/commitments/demo-cmt-1/breach',
      body: { on: d(320), description: '逾期未兑现奖励资金', documentNo: '信办〔示例〕1号', authority: '市信用办', severity: 'SERIOUS' },
      says: 'the commitment is breached: a SERIOUS dishonesty record opens',
    },
    (answers) => ({
      role: 'credit-office',
      path: `/v1/records/${String(answers.get('/v1/commitments/demo-cmt-1/breach')?.recordId)}/rectification-orders`,
      body: { orderedOn: d(315), deadline: d(285), requirements: '兑现资金并公开说明' },
      says: 'rectification is ordered, due 30 days later',
    }),
    { role: 'credit-office', path: '/v1/records', body: record(C, d(200), 'SERIOUS', '拖欠民营企业工程款', '济罚〔示例〕2号'), says: '交通局 gets a SERIOUS record for arrears to a private contractor' },
    (answers) => ({
      role: 'credit-office',
      path: `/v1/records/${String(answers.get('/v1/records')?.recordId)}/rectification-orders`,
      body: { orderedOn: d(195), deadline: d(170), requirements: '清偿欠款' },
      says: 'rectification is ordered for 交通局',
    }),
    { role: 'credit-office', path: '/v1/admin/deadline-sweep', body: {}, says: 'the deadline watcher sweeps: both orders lapse (listing, 3-year award ban, accountability); the listing revokes 交通局\'s red-list title' },
    (answers) => {
      const recordId = String(answers.get('/v1/commitments/demo-cmt-1/breach')?.recordId);
      return {
        role: 'discipline',
        path: `/v1/records/${recordId}/accountability-decisions`,
        body: { personId: 'p-li', measure: 'ADMONISHMENT', decidedOn: d(270), documentNo: '纪工委〔示例〕3号', authority: '区纪工委' },
        says: '李某, leader on the deadline day, is admonished',
      };
    },
    (answers) => {
      const recordId = String(answers.get('/v1/commitments/demo-cmt-1/breach')?.recordId);
      return { role: 'subject', uscc: A, path: `/v1/records/${recordId}/rectification-reports`, body: { reportedOn: d(250), evidence: '已兑现资金的银行回单' }, says: '招商局 reports a late rectification' };
    },
    (answers) => {
      const recordId = String(answers.get('/v1/commitments/demo-cmt-1/breach')?.recordId);
      const reportId = String(answers.get(`/v1/records/${recordId}/rectification-reports`)?.reportId);
      return { role: 'credit-office', path: `/v1/records/${recordId}/rectification-reports/${reportId}/review`, body: { reviewedOn: d(249), accepted: true }, says: 'the late rectification is accepted (the listing stands)' };
    },
    { role: 'credit-office', path: '/v1/records', body: record(B, d(120), 'GENERAL', '未按期支付工程进度款', '济罚〔示例〕4号'), says: '住建局 gets a GENERAL record' },
    (answers) => ({
      role: 'subject',
      uscc: B,
      path: `/v1/records/${String(answers.get('/v1/records')?.recordId)}/objections`,
      body: { filedOn: d(110), grounds: '款项已按补充协议支付，认定有误' },
      says: '住建局 objects: the record shows 异议标注 until the credit office decides',
    }),
    {
      role: 'approver',
      path: '/v1/checks',
      body: { checkId: 'demo-chk-1', subject: { kind: 'INSTITUTION', id: C }, matter: 'AWARD_EVALUATION', on: today, caseRef: '评优〔示例〕1号' },
      says: (answer) => `an approver checks 交通局 before an award evaluation: ${String(answer.outcome)}`,
    },
    (answers) => {
      const findings = (answers.get('/v1/checks')?.findings ?? []) as Array<{ measures?: Array<{ code: string }> }>;
      const codes = [...new Set(findings.flatMap((f) => (f.measures ?? []).map((m) => m.code)))];
      return { role: 'approver', path: '/v1/checks/demo-chk-1/feedback', body: { applied: codes, notApplied: [] }, says: 'the approver reports the measures applied (联合奖惩 feedback)' };
    },
  ];
}
