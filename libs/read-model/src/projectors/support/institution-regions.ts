import type { StoredEvent } from '@app/event-store';
import type { ProjectionContext } from '../projection-context';
import { KeyedRows } from './keyed-rows';

/**
 * A list projector's own table of the institutions' regions (uscc → region code), for the region
 * code its rows carry. Filled from InstitutionRegistered, which comes before every record and
 * commitment of its institution in the log; a region never changes. Each projector keeps its own,
 * so its rows never depend on another projector's progress.
 */
export class InstitutionRegions {
  private readonly rows: KeyedRows;

  constructor(table: string, context: ProjectionContext) {
    this.rows = new KeyedRows({ table, key: ['uscc'], columns: ['uscc', 'region_code'] }, context);
  }

  /** Loads the regions of these institutions (call before `of` for institutions not registered in this batch). */
  async load(usccs: Iterable<string>): Promise<void> {
    await this.rows.loadBy('uscc', usccs);
  }

  /** Keeps the region of an InstitutionRegistered event; any other event is ignored. */
  register(event: Pick<StoredEvent, 'type' | 'data'>): void {
    if (event.type === 'InstitutionRegistered') this.rows.put({ uscc: String(event.data.uscc), region_code: String(event.data.regionCode) });
  }

  /** The institution's region code; null for one not registered (or not loaded). */
  of(uscc: string | undefined): string | null {
    const region = uscc === undefined ? undefined : this.rows.get(uscc)?.region_code;
    return region === undefined || region === null ? null : String(region);
  }

  flush(): Promise<void> {
    return this.rows.flush();
  }
}
