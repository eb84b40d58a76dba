import { Row, toNumber } from '@app/read-model';

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/**
 * A record as the public sees it (信用信息公示): the institution, or for an official only a masked
 * name and where they serve — never a personId, evidence or grounds.
 */
export function publicRecordItem(row: Row) {
  return {
    recordId: String(row.record_id),
    subjectKind: String(row.subject_kind),
    uscc: text(row.institution_uscc),
    name: text(row.institution_name),
    regionCode: text(row.region_code),
    ...(row.subject_kind === 'OFFICIAL' && { officialName: text(row.official_name) }),
    category: text(row.category),
    severity: text(row.severity),
    domain: text(row.domain),
    description: text(row.description),
    finding: {
      type: text(row.finding_type),
      documentNo: text(row.finding_document_no),
      authority: text(row.finding_authority),
      findingOn: text(row.finding_on),
    },
    publication: { firstDay: text(row.pub_from), lastDay: text(row.publication_last_day) },
    underObjection: toNumber(row.under_objection) === 1,
    listing: row.listed_on ? { listedOn: text(row.listed_on), publicationLastDay: text(row.listing_last_day), ...(row.delisted_on ? { delistedOn: text(row.delisted_on) } : {}) } : null,
  };
}

export type PublicRecordItem = ReturnType<typeof publicRecordItem>;

/** The columns of the bulk export, in order: the header row of the CSV and the keys of the JSON. */
export const EXPORT_FIELDS = [
  'uscc',
  'name',
  'region',
  'subjectKind',
  'officialName',
  'recordId',
  'category',
  'severity',
  'domain',
  'findingDocumentNo',
  'findingAuthority',
  'findingOn',
  'publicationLastDay',
  'listedOn',
  'listingLastDay',
  'delistedOn',
  'underObjection',
  // Added after the first release: at the end, so a reader of the columns by position keeps working.
  'description',
  'findingType',
  'publicationFirstDay',
] as const;

export type ExportRow = Record<(typeof EXPORT_FIELDS)[number], string | boolean | null>;

export function exportRow(row: Row): ExportRow {
  return {
    uscc: text(row.institution_uscc),
    name: text(row.institution_name),
    region: text(row.region_code),
    subjectKind: text(row.subject_kind),
    officialName: row.subject_kind === 'OFFICIAL' ? text(row.official_name) : null,
    recordId: text(row.record_id),
    category: text(row.category),
    severity: text(row.severity),
    domain: text(row.domain),
    findingDocumentNo: text(row.finding_document_no),
    findingAuthority: text(row.finding_authority),
    findingOn: text(row.finding_on),
    publicationLastDay: text(row.publication_last_day),
    listedOn: text(row.listed_on),
    listingLastDay: text(row.listing_last_day),
    delistedOn: text(row.delisted_on),
    underObjection: toNumber(row.under_objection) === 1,
    description: text(row.description),
    findingType: text(row.finding_type),
    publicationFirstDay: text(row.pub_from),
  };
}

/**
 * Cells a spreadsheet may take for a formula (OWASP CSV injection: a leading =, +, -, @, tab or
 * carriage return) get a leading `'`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: quote fields with commas, quotes or line breaks (CR or LF); a cell that could start a formula is defused. */
export function csvField(value: string | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: Array<string | boolean | null>): string => `${values.map(csvField).join(',')}\r\n`;
