/**
 * 清单制: the catalogue of measures an approver applies when a credit check finds something
 * (domain.md §4.8). Each entry says which findings and which matters it applies to, and whether it
 * restricts (RESTRICTED) or calls for closer review (ATTENTION).
 *
 * Each measure's legal basis is a list of citations, each a passage quoted verbatim from the
 * article it names: the policy texts in docs/seeds (济高信用办〔2019〕7号, 鲁政发〔2018〕9号,
 * 济高信用办〔2020〕2号, 文登区任务分工方案, 榕发改信用〔2017〕82号) or, where those texts only
 * call for checking and the restriction itself is the product's rule, domain.md. A note says what
 * a passage does not say. 国发〔2016〕76号 and 国发〔2016〕33号 are implemented by the seeds but
 * their texts are not among them, so they are not quoted. measure-catalogue.spec.ts checks every
 * passage against its article.
 *
 * Codes are stored in CreditCheckPerformed and CheckFeedbackGiven events: never rename one.
 */
import { CHECK_MATTERS, CheckMatter, SubjectKind } from '../shared/enums';

export const FINDING_KINDS = ['AWARD_BAN', 'LISTING', 'RECORD', 'OPEN_RECTIFICATION', 'OVERDUE_COMMITMENT'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type CheckLevel = 'RESTRICTED' | 'ATTENTION';

/** The seed documents by their number (文登's plan has none: by its title), and the spec. */
export const BASIS_DOCUMENTS = [
  '济高信用办〔2019〕7号',
  '鲁政发〔2018〕9号',
  '济高信用办〔2020〕2号',
  '威海市文登区加强政务诚信建设任务分工方案',
  '榕发改信用〔2017〕82号',
  'domain.md',
] as const;
export type BasisDocument = (typeof BASIS_DOCUMENTS)[number];

export interface Citation {
  document: BasisDocument;
  /** In the document's own numbering: 部分（节）条, e.g. '二（一）7'; in domain.md '§4.8'. */
  article: string;
  /** Verbatim from that article: only whitespace (the seeds are PDF extractions) and domain.md markdown marks are not text. */
  passage: string;
  /** What the passage does not say, where a reader could take it to say more. */
  note?: string;
}

export interface MeasureEntry {
  code: string;
  name: string;
  /** The citations rendered as one text: what a check returns and its event records. */
  legalBasis: string;
  basis: readonly Citation[];
  level: CheckLevel;
  findingKinds: readonly FindingKind[];
  subjectKinds: readonly SubjectKind[];
  matters: readonly CheckMatter[];
}

/** Quotation marks inside a quoted passage become single ones (‘’), as Chinese typesetting nests them. */
const renderCitation = ({ document, article, passage, note }: Citation): string =>
  `${document} ${article}：“${passage.replace(/“/g, '‘').replace(/”/g, '’')}”${note ? `（${note}）` : ''}`;

const measure = (entry: Omit<MeasureEntry, 'legalBasis'>): MeasureEntry => ({
  ...entry,
  legalBasis: entry.basis.map(renderCitation).join('；'),
});

/** 济高信用办〔2019〕7号 三（三）4: the listing and the three-year ban of an institution that did not rectify. */
const LAPSE_LISTS_AND_BANS: Citation = {
  document: '济高信用办〔2019〕7号',
  article: '三（三）4',
  passage: '对限期内仍未整改到位的失信政府机构，依法依规纳入严重失信名单向社会公布，在三年内取消其评先评优资格',
};

/** domain.md §4.8: a listing restricts for any matter in the catalogue. */
const listingRestricts = (note: string): Citation => ({
  document: 'domain.md',
  article: '§4.8',
  passage: 'a listing (for any matter in the catalogue)',
  note,
});

/** 文登区任务分工方案 三（三）9: 逢办必查 of the 行政相对人 in the matters it names. */
const CHECK_EVERY_MATTER = '在行政许可、公共资源交易、财政资金补助、落实优惠政策、评先选优、人事招聘等行政管理和公共服务事项中，建立“逢办必查”的信用核查制度，依法依规查询和使用行政相对人信用记录或第三方信用报告';

/** 鲁政发〔2018〕9号 二（一）7 on officials: checking in awards and promotion, restricting awards. */
const OFFICIALS_CHECKED_AND_AWARDS_RESTRICTED = '鼓励有条件的市和政府部门在评优评先、职务晋升中查询信用记录和信用档案，对存在政务失信记录的公务员，按照相关规定采取限制评优评先等处理措施';

export const MEASURE_CATALOGUE: readonly MeasureEntry[] = [
  measure({
    code: 'JP-AWARD-BAN',
    name: '三年内取消评先评优资格',
    basis: [LAPSE_LISTS_AND_BANS],
    level: 'RESTRICTED',
    findingKinds: ['AWARD_BAN'],
    subjectKinds: ['INSTITUTION'],
    matters: ['AWARD_EVALUATION'],
  }),
  measure({
    code: 'JP-LISTED-HONOURS',
    name: '列入严重失信名单：取消评先评优和参加各类荣誉评选资格',
    basis: [
      LAPSE_LISTS_AND_BANS,
      {
        document: '鲁政发〔2018〕9号',
        article: '二（一）7',
        passage:
          '各级政府和部门存在政务失信记录的，要根据失信行为对经济社会发展造成的损失情况和社会影响程度，对具体失信情况书面说明原因并限期加以整改，依规取消相关政府部门参加各类荣誉评选资格',
        note: '以存在政务失信记录为条件，不以列入名单为条件；本措施只适用于列入名单的机构',
      },
      listingRestricts('名单本身即构成限制，与评先评优禁令是否仍有效无关，系产品规格的规定'),
    ],
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['AWARD_EVALUATION'],
  }),
  measure({
    code: 'JP-LISTED-FUNDS',
    name: '列入严重失信名单：限制财政资金补助和优惠政策',
    basis: [
      listingRestricts('限制系产品规格的规定；所引政策文件均未规定限制名单内机构获得财政资金补助、享受优惠政策'),
      {
        document: '威海市文登区加强政务诚信建设任务分工方案',
        article: '三（三）9',
        passage: CHECK_EVERY_MATTER,
        note: '规定查询和使用信用记录，未规定限制',
      },
    ],
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['FINANCIAL_SUBSIDY'],
  }),
  measure({
    code: 'JP-LISTED-PROJECTS',
    name: '列入严重失信名单：在改革试点、项目投资中予以限制',
    basis: [
      listingRestricts('限制系产品规格的规定'),
      {
        document: '鲁政发〔2018〕9号',
        article: '二（一）7',
        passage: '省直有关部门（单位）要探索联合开展行业政务诚信状况评价，在改革试点、项目投资、社会管理等政策领域和绩效考核中应用政务诚信评价结果',
        note: '规定应用政务诚信评价结果，未规定对名单内机构的限制',
      },
      {
        document: '榕发改信用〔2017〕82号',
        article: '四（三）',
        passage:
          '在改革试点、项目投资、社会管理等政策领域和绩效考核中应用政务诚信评价结果，对诚信主体给予优惠政策倾斜、提供便利措施，对严重失信主体实施取消资格、从严考核等限制和惩戒措施',
        note: '福州市方案，非山东文件，仅作同类规定参照',
      },
    ],
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['PROJECT_APPROVAL'],
  }),
  measure({
    code: 'JP-LISTED-PROCUREMENT',
    name: '列入严重失信名单：在政府采购事项中予以限制',
    basis: [
      listingRestricts('限制系产品规格的规定；所引政策文件均未规定限制名单内机构参与政府采购'),
      {
        document: '鲁政发〔2018〕9号',
        article: '二（二）10',
        passage: '依法依规处理采购人及有关责任人在政府采购活动中的违法违规失信行为。充分利用工商、税务、金融、检察等相关部门提供的信用信息，加强对采购人的信用管理',
        note: '针对作为采购人的政府部门，规定处理失信行为、加强信用管理，未规定限制',
      },
    ],
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['PROCUREMENT'],
  }),
  measure({
    code: 'JP-LISTED-SUPERVISION',
    name: '列入严重失信名单：在行政许可中予以限制，实施重点监管',
    basis: [
      listingRestricts('行政许可受限制系产品规格的规定'),
      {
        document: '济高信用办〔2020〕2号',
        article: '三（一）',
        passage: '各有关部门要根据国家、省、市有关规定，对列入“黑名单”的有严重违法失信行为的自然人、法人和其他组织实施重点监管，加大联合惩戒力度',
        note: '社会诚信联合惩戒文件：对“黑名单”主体实施重点监管，未规定从严审核行政许可；本系统以严重失信名单为黑名单，见 domain.md §4.7',
      },
      {
        document: '威海市文登区加强政务诚信建设任务分工方案',
        article: '三（三）9',
        passage: CHECK_EVERY_MATTER,
        note: '规定查询和使用信用记录，未规定限制',
      },
    ],
    level: 'RESTRICTED',
    findingKinds: ['LISTING'],
    subjectKinds: ['INSTITUTION'],
    matters: ['ADMINISTRATIVE_LICENSE'],
  }),
  measure({
    code: 'JP-OFFICIAL-AWARD',
    name: '限制评优评先',
    basis: [{ document: '鲁政发〔2018〕9号', article: '二（一）7', passage: OFFICIALS_CHECKED_AND_AWARDS_RESTRICTED }],
    level: 'RESTRICTED',
    findingKinds: ['RECORD'],
    subjectKinds: ['OFFICIAL'],
    matters: ['AWARD_EVALUATION'],
  }),
  measure({
    code: 'JP-OFFICIAL-PROMOTION',
    name: '限制职务晋升',
    basis: [
      {
        document: 'domain.md',
        article: '§4.8',
        passage: 'for an official and AWARD_EVALUATION/PROMOTION — a GENERAL or SERIOUS record in publication that is not exempted',
        note: '职务晋升受限制系产品规格的规定',
      },
      {
        document: '鲁政发〔2018〕9号',
        article: '二（一）7',
        passage: OFFICIALS_CHECKED_AND_AWARDS_RESTRICTED,
        note: '职务晋升中只规定查询信用记录，所规定的处理措施是限制评优评先',
      },
      {
        document: '鲁政发〔2018〕9号',
        article: '二（一）5',
        passage: '依法依规将公务员个人事项报告、廉政记录、年度考核结果、相关违法违纪违约行为等信用记录作为干部考核、任用和评优评先的重要依据',
        note: '作为重要依据，未规定作为否定性依据',
      },
    ],
    level: 'RESTRICTED',
    findingKinds: ['RECORD'],
    subjectKinds: ['OFFICIAL'],
    matters: ['PROMOTION'],
  }),
  measure({
    code: 'JA-CLOSE-REVIEW',
    name: '重点关注，依法依规审慎审核',
    basis: [
      { document: '济高信用办〔2019〕7号', article: '三（四）6', passage: '全面建立联合奖惩协同机制，健全信用信息核查体系，实行“逢审必查、逢办必查”制度' },
      { document: '威海市文登区加强政务诚信建设任务分工方案', article: '三（三）9', passage: CHECK_EVERY_MATTER },
      { document: '鲁政发〔2018〕9号', article: '二（一）7', passage: '鼓励有条件的市和政府部门在评优评先、职务晋升中查询信用记录和信用档案' },
    ],
    level: 'ATTENTION',
    findingKinds: ['LISTING', 'RECORD', 'OPEN_RECTIFICATION', 'OVERDUE_COMMITMENT'],
    subjectKinds: ['INSTITUTION', 'OFFICIAL'],
    matters: CHECK_MATTERS,
  }),
];

export function measuresFor(kind: FindingKind, subjectKind: SubjectKind, matter: CheckMatter, level: CheckLevel): MeasureEntry[] {
  return MEASURE_CATALOGUE.filter(
    (m) => m.level === level && m.findingKinds.includes(kind) && m.subjectKinds.includes(subjectKind) && m.matters.includes(matter),
  );
}

/** "A listing restricts for any matter in the catalogue": a RESTRICTED listing measure exists for it. */
export const catalogueRestricts = (kind: FindingKind, subjectKind: SubjectKind, matter: CheckMatter): boolean =>
  measuresFor(kind, subjectKind, matter, 'RESTRICTED').length > 0;
