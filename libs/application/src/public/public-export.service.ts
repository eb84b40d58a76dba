import { Inject, Injectable } from '@nestjs/common';
import { publicRecordPages } from '@app/read-model';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ReadSide } from '../read-side/read-side.service';
import { csvLine, EXPORT_FIELDS, exportRow } from './public-views';

const PAGE = 1000;

/**
 * The bulk public extract (CSV or JSON), produced as text chunks a page of rows at a time, so
 * the caller can stream it out with constant memory however long the list is.
 */
@Injectable()
export class PublicExportService {
  constructor(
    private readonly readSide: ReadSide,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** CSV with a header row; a UTF-8 BOM so spreadsheet software reads the Chinese names right. */
  async *csv(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine([...EXPORT_FIELDS])}`;
    for await (const rows of this.pages()) {
      yield rows
        .map((row) => {
          const values = exportRow(row);
          return csvLine(EXPORT_FIELDS.map((field) => values[field]));
        })
        .join('');
    }
  }

  /** `{on, fields, records: [...]}` written incrementally. */
  async *json(): AsyncGenerator<string> {
    const on = this.readSide.today();
    yield `{"on":${JSON.stringify(on)},"fields":${JSON.stringify(EXPORT_FIELDS)},"records":[`;
    let first = true;
    for await (const rows of this.pages(on)) {
      const chunk = rows.map((row) => JSON.stringify(exportRow(row))).join(',');
      yield first ? chunk : `,${chunk}`;
      first = false;
    }
    yield ']}';
  }

  private pages(on = this.readSide.today()) {
    return publicRecordPages(this.readSide.sql, { on, publishOfficials: this.config.publishOfficials }, PAGE);
  }
}
