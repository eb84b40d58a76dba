import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { BASIS_DOCUMENTS, BasisDocument, MEASURE_CATALOGUE } from './measure-catalogue.data';

// The policy texts are in the repository: docs/seeds (the original documents, as given) and
// docs/domain.md (the specification). Missing texts fail these tests, they are not skipped.
const DOCS = join(__dirname, '../../../../docs');

/** The seed file (by its number prefix) that holds each document. */
const SEED_FILE: Record<Exclude<BasisDocument, 'domain.md'>, string> = {
  '济高信用办〔2019〕7号': '000',
  '鲁政发〔2018〕9号': '001',
  '济高信用办〔2020〕2号': '002',
  '威海市文登区加强政务诚信建设任务分工方案': '003',
  '榕发改信用〔2017〕82号': '004',
};

function pathOf(document: BasisDocument): string {
  if (document === 'domain.md') return join(DOCS, 'domain.md');
  const prefix = SEED_FILE[document];
  const files = readdirSync(join(DOCS, 'seeds')).filter((f) => f.startsWith(`${prefix}_`) && f.endsWith('.txt'));
  if (files.length !== 1) throw new Error(`expected one seed file ${prefix}_*.txt for ${document}, found ${files.length}`);
  return join(DOCS, 'seeds', files[0]);
}

/** The seeds are PDF extractions broken mid-sentence: whitespace, and in domain.md markdown marks, are not text. */
const normalize = (text: string): string => text.replace(/[\s`*]/g, '');

const TOP = /^([一二三四五六七八九十]+)、/;
const SUB = /^[（(]([一二三四五六七八九十]+)[）)]/;
const ITEM = /^(\d+)[.、．]/;
const LABEL = /^([一二三四五六七八九十]+)(?:（([一二三四五六七八九十]+)）)?(\d+)?$/;

/**
 * The text of one article: a seed's 部分、（节）条 — '二（一）7' is item 7 of section （一） of part 二,
 * up to the next heading of any level — or a section of domain.md ('§4.8') up to the next heading.
 */
function articleText(document: BasisDocument, article: string): string {
  const raw = readFileSync(pathOf(document), 'utf8').split('\n');
  const lines = document === 'domain.md' ? raw : raw.map(normalize);
  const slice = (start: number, end: number) => normalize(raw.slice(start, end).join(''));
  /** The first line after `from` and before `until` that passes `test`, else `until`. */
  const next = (from: number, until: number, test: (line: string) => boolean) => {
    for (let i = from + 1; i < until; i++) if (test(lines[i])) return i;
    return until;
  };
  if (document === 'domain.md') {
    const section = /^§([\d.]+)$/.exec(article);
    if (!section) throw new Error(`domain.md article ${article} is not §n.n`);
    const heading = new RegExp(`^#+\\s+${section[1].replace(/\./g, '\\.')}\\s`);
    const start = lines.findIndex((line) => heading.test(line));
    if (start < 0) throw new Error(`domain.md has no section ${article}`);
    return slice(start, next(start, lines.length, (line) => /^#+\s/.test(line)));
  }
  const label = LABEL.exec(article);
  if (!label) throw new Error(`${document}: article ${article} is not 部分（节）条`);
  const [, part, section, item] = label;
  const parts = lines.flatMap((line, i) => (TOP.exec(line)?.[1] === part ? [i] : []));
  if (parts.length !== 1) throw new Error(`${document}: ${parts.length} headings of part ${part}、`);
  let start = parts[0];
  let end = next(start, lines.length, (line) => TOP.test(line));
  if (section) {
    start = next(start, end, (line) => SUB.exec(line)?.[1] === section);
    if (start === end) throw new Error(`${document}: part ${part} has no section （${section}）`);
    end = next(start, end, (line) => TOP.test(line) || SUB.test(line));
  }
  if (item) {
    start = next(start, end, (line) => ITEM.exec(line)?.[1] === item);
    if (start === end) throw new Error(`${document}: ${article} has no item ${item}`);
    end = next(start, end, (line) => TOP.test(line) || SUB.test(line) || ITEM.test(line));
  }
  return slice(start, end);
}

describe('the measure catalogue quotes its legal bases verbatim (清单制, domain.md §4.8)', () => {
  it.each(Object.entries(SEED_FILE))('%s is seed file %s', (document, prefix) => {
    const head = normalize(readFileSync(pathOf(document as BasisDocument), 'utf8')).slice(0, 300).replace(/\[/g, '〔').replace(/]/g, '〕');
    expect(pathOf(document as BasisDocument)).toContain(`/seeds/${prefix}_`);
    expect(head).toContain(document);
  });

  it('domain.md is the product specification', () => {
    expect(readFileSync(pathOf('domain.md'), 'utf8').split('\n')[0]).toBe('# Government-integrity credit ledger — domain specification');
  });

  const citations = MEASURE_CATALOGUE.flatMap((m) => m.basis.map((c) => [m.code, c.document, c.article, c.passage] as const));

  it.each(citations)('%s: %s %s says “%s”', (_code, document, article, passage) => {
    expect(articleText(document, article)).toContain(normalize(passage));
  });

  it('every measure has a legal basis, and its text shows every citation', () => {
    for (const m of MEASURE_CATALOGUE) {
      expect(m.basis.length).toBeGreaterThan(0);
      for (const c of m.basis) expect(m.legalBasis).toContain(`${c.document} ${c.article}：“`);
    }
    expect(new Set(MEASURE_CATALOGUE.flatMap((m) => m.basis.map((c) => c.document)))).toEqual(new Set(BASIS_DOCUMENTS));
  });

  it('a passage is looked for in the article cited, not anywhere in the document', () => {
    // 鲁政发〔2018〕9号: “重要依据” is in item 5, not in item 7.
    expect(articleText('鲁政发〔2018〕9号', '二（一）5')).toContain('重要依据');
    expect(articleText('鲁政发〔2018〕9号', '二（一）7')).not.toContain('重要依据');
    // 济高信用办〔2020〕2号: cooperation with seriously dishonest subjects is 三（三） (失信市场主体), not 三（一）.
    expect(articleText('济高信用办〔2020〕2号', '三（三）')).toContain('拒绝或减少与严重失信主体合作');
    expect(articleText('济高信用办〔2020〕2号', '三（一）')).not.toContain('拒绝或减少与严重失信主体合作');
    expect(() => articleText('鲁政发〔2018〕9号', '二（一）17')).toThrow('has no item 17');
  });
});

describe('the catalogue keeps its codes, levels and scope (codes are stored in check events)', () => {
  it('each code applies at its level to the same findings, subjects and matters', () => {
    const scope = MEASURE_CATALOGUE.map((m) => [m.code, m.level, m.findingKinds.join(','), m.subjectKinds.join(','), m.matters.join(',')]);
    expect(scope).toEqual([
      ['JP-AWARD-BAN', 'RESTRICTED', 'AWARD_BAN', 'INSTITUTION', 'AWARD_EVALUATION'],
      ['JP-LISTED-HONOURS', 'RESTRICTED', 'LISTING', 'INSTITUTION', 'AWARD_EVALUATION'],
      ['JP-LISTED-FUNDS', 'RESTRICTED', 'LISTING', 'INSTITUTION', 'FINANCIAL_SUBSIDY'],
      ['JP-LISTED-PROJECTS', 'RESTRICTED', 'LISTING', 'INSTITUTION', 'PROJECT_APPROVAL'],
      ['JP-LISTED-PROCUREMENT', 'RESTRICTED', 'LISTING', 'INSTITUTION', 'PROCUREMENT'],
      ['JP-LISTED-SUPERVISION', 'RESTRICTED', 'LISTING', 'INSTITUTION', 'ADMINISTRATIVE_LICENSE'],
      ['JP-OFFICIAL-AWARD', 'RESTRICTED', 'RECORD', 'OFFICIAL', 'AWARD_EVALUATION'],
      ['JP-OFFICIAL-PROMOTION', 'RESTRICTED', 'RECORD', 'OFFICIAL', 'PROMOTION'],
      [
        'JA-CLOSE-REVIEW',
        'ATTENTION',
        'LISTING,RECORD,OPEN_RECTIFICATION,OVERDUE_COMMITMENT',
        'INSTITUTION,OFFICIAL',
        'AWARD_EVALUATION,PROMOTION,FINANCIAL_SUBSIDY,PROJECT_APPROVAL,PROCUREMENT,ADMINISTRATIVE_LICENSE,PERSONNEL_RECRUITMENT',
      ],
    ]);
  });
});
