import { csvField, csvLine, EXPORT_FIELDS, exportRow } from './public-views';

/** An RFC 4180 reader for one record ending in CRLF: the fields, and what follows the record. */
function readRecord(line: string): { fields: string[]; rest: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('unterminated quoted field');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
    } else {
      while (i < line.length && line[i] !== ',' && line[i] !== '\r' && line[i] !== '\n') {
        if (line[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
        field += line[i++];
      }
    }
    fields.push(field);
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (line.startsWith('\r\n', i)) return { fields, rest: line.slice(i + 2) };
    throw new Error(`expected a comma or CRLF after a field at ${i}, found ${JSON.stringify(line.slice(i, i + 5))}`);
  }
}

describe('csvField: public CSV export cells (RFC 4180, defused against formula injection)', () => {
  it.each([
    ['=', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+', '+1+1', "'+1+1"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1)', "'@SUM(A1)"],
    ['a tab (0x09)', '\t=1+1', "'\t=1+1"],
    ['a carriage return (0x0D)', '\r=1+1', `"'\r=1+1"`],
    ['a carriage return and line feed', '\r\n=1+1', `"'\r\n=1+1"`],
  ])('puts a leading quote before a cell starting with %s', (_, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves other cells as they are, a formula character inside a cell too', () => {
    expect(csvField('济南高新区管委会')).toBe('济南高新区管委会');
    expect(csvField('2026-01-05')).toBe('2026-01-05');
    expect(csvField('a=b\tc')).toBe('a=b\tc');
    expect(csvField(' =1+1')).toBe(' =1+1');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  it.each([
    ['a comma', 'a,b', '"a,b"'],
    ['a quote', 'say "no"', '"say ""no"""'],
    ['CRLF', 'line one\r\nline two', '"line one\r\nline two"'],
    ['a lone LF', 'line one\nline two', '"line one\nline two"'],
    ['a lone CR', 'line one\rline two', '"line one\rline two"'],
  ])('quotes a cell with %s', (_, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('csvLine over exportRow: a record’s description with line breaks stays one CSV record', () => {
  const row = (description: string) => ({
    institution_uscc: '11370100MB2852726E',
    institution_name: '济南高新区管委会',
    region_code: '370100',
    subject_kind: 'INSTITUTION',
    record_id: 'rec-1',
    category: 'ARREARS_TO_ENTERPRISES',
    severity: 'SERIOUS',
    domain: 'GOVERNMENT_PROCUREMENT',
    finding_document_no: '济罚〔2026〕1号',
    finding_authority: '某区财政局',
    finding_on: '2025-01-10',
    publication_last_day: '2028-01-10',
    listed_on: null,
    listing_last_day: null,
    delisted_on: null,
    under_objection: 0,
    description,
    finding_type: 'ADMINISTRATIVE_PENALTY',
    pub_from: '2025-01-10',
  });
  const line = (description: string) => {
    const values = exportRow(row(description));
    return csvLine(EXPORT_FIELDS.map((field) => values[field]));
  };
  const descriptionAt = EXPORT_FIELDS.indexOf('description');

  it.each([
    ['CRLF, commas and quotes', '拖欠账款,共计 "100" 万元\r\n第二行', '拖欠账款,共计 "100" 万元\r\n第二行'],
    ['a lone LF and a lone CR', '第一行\n第二行\r第三行', '第一行\n第二行\r第三行'],
    ['a leading CR before a formula', '\r=HYPERLINK("http://x")', '\'\r=HYPERLINK("http://x")'],
    ['a leading tab before a formula', '\t=1+1', "'\t=1+1"],
    ['a leading LF', '\n第二行', '\n第二行'],
  ])('reads back every column, the description (with %s) in its place, and nothing after the record', (_, description, expected) => {
    const { fields, rest } = readRecord(line(description));
    expect(rest).toBe('');
    expect(fields).toHaveLength(EXPORT_FIELDS.length);
    expect(fields[descriptionAt]).toBe(expected);
    expect(fields[EXPORT_FIELDS.indexOf('findingType')]).toBe('ADMINISTRATIVE_PENALTY');
    expect(fields[EXPORT_FIELDS.indexOf('underObjection')]).toBe('false');
  });
});
