/**
 * 清单制: the catalogue of measures an approver applies when a credit check finds something
 * (domain.md §4.8). Each entry says which findings and which matters it applies to, and whether it
 * restricts (RESTRICTED) or calls for closer review (ATTENTION). Legal bases are the policy texts
 * in ../seeds: 国发〔2016〕76号, 国发〔2016〕33号, 鲁政发〔2018〕9号, 济高信用办〔2019〕7号 and
 * 济高信用办〔2020〕2号, 文登区任务分工方案 (逢办必查).
 */
import { CHECK_MATTERS, CheckMatter, SubjectKind } from '../shared/enums';

export const FINDING_KINDS = ['AWARD_BAN', 'LISTING', 'RECORD', 'OPEN_RECTIFICATION', 'OVERDUE_COMMITMENT'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type CheckLevel = 'RESTRICTED' | 'ATTENTION';

export interface MeasureEntry {
  code: string;
  name: string;
  legalBasis: string;
  level: CheckLevel;
  findingKinds: readonly FindingKind[];
  subjectKinds: readonly SubjectKind[];
  matters: readonly CheckMatter[];
}

export const MEASURE_CATALOGUE: readonly MeasureEntry[] = [
  {
    code: 'JP-AWARD-BAN',
    name: '三年内取消评先评优资格',
    legalBasis: '国发〔2016〕76号；济高信用办〔2019〕7号“在三年内取消其评先评优资格”',
    level: 'RESTRICTED',
    findingKinds: ['AWARD_BAN'],
    subjectKinds: ['INSTITUTION'],
    matters: ['AWARD_EVALUATION'],
  },
  {
    code: 'JP-LISTED-HONOURS',
    name: '取消参加各类荣誉评选资格',
    legalBasis: '鲁政发〔2018〕9号 第7条“依规取消相关政府部门参加各类荣誉评选资格”',
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['AWARD_EVALUATION'],
  },
  {
    code: 'JP-LISTED-FUNDS',
    name: '从严审核财政资金补助和优惠政策',
    legalBasis: '国发〔2016〕33号；文登区政务诚信任务分工方案 第9条（财政资金补助、落实优惠政策“逢办必查”）',
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['FINANCIAL_SUBSIDY'],
  },
  {
    code: 'JP-LISTED-PROJECTS',
    name: '在改革试点、项目投资中从严审核',
    legalBasis: '鲁政发〔2018〕9号 第7条“在改革试点、项目投资、社会管理等政策领域……应用政务诚信评价结果”',
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['PROJECT_APPROVAL'],
  },
  {
    code: 'JP-LISTED-PROCUREMENT',
    name: '在投资、采购活动中拒绝或减少合作',
    legalBasis: '济高信用办〔2020〕2号 三(三)“拒绝或减少与严重失信主体合作”',
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['PROCUREMENT'],
  },
  {
    code: 'JP-LISTED-SUPERVISION',
    name: '列为重点监管对象，从严审核行政许可',
    legalBasis: '济高信用办〔2020〕2号 三(一)“实施重点监管，加大联合惩戒力度”',
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['ADMINISTRATIVE_LICENSE'],
  },
  {
    code: 'JP-OFFICIAL-AWARD',
    name: '限制评优评先',
    legalBasis: '鲁政发〔2018〕9号 第7条“对存在政务失信记录的公务员……采取限制评优评先等处理措施”',
    level: 'RESTRICTED',
    findingKinds: ['RECORD'],
    subjectKinds: ['OFFICIAL'],
    matters: ['AWARD_EVALUATION'],
  },
  {
    code: 'JP-OFFICIAL-PROMOTION',
    name: '作为干部任用、职务晋升的否定性依据',
    legalBasis: '鲁政发〔2018〕9号 第5条“信用记录作为干部考核、任用和评优评先的重要依据”',
    level: 'RESTRICTED',
    findingKinds: ['RECORD'],
    subjectKinds: ['OFFICIAL'],
    matters: ['PROMOTION'],
  },
  {
    code: 'JA-CLOSE-REVIEW',
    name: '重点关注，依法依规审慎审核',
    legalBasis: '济高信用办〔2019〕7号“逢审必查、逢办必查”；文登区政务诚信任务分工方案 第9条',
    level: 'ATTENTION',
    findingKinds: ['LISTING', 'RECORD', 'OPEN_RECTIFICATION', 'OVERDUE_COMMITMENT'],
    subjectKinds: ['INSTITUTION', 'OFFICIAL'],
    matters: CHECK_MATTERS,
  },
];

export function measuresFor(kind: FindingKind, subjectKind: SubjectKind, matter: CheckMatter, level: CheckLevel): MeasureEntry[] {
  return MEASURE_CATALOGUE.filter(
    (m) => m.level === level && m.findingKinds.includes(kind) && m.subjectKinds.includes(subjectKind) && m.matters.includes(matter),
  );
}

/** "A listing restricts for any matter in the catalogue": a RESTRICTED listing measure exists for it. */
export const catalogueRestricts = (kind: FindingKind, subjectKind: SubjectKind, matter: CheckMatter): boolean =>
  measuresFor(kind, subjectKind, matter, 'RESTRICTED').length > 0;
