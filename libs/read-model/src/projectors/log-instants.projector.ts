import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';

export const LOG_INSTANTS_TABLE = 'log_instants';

/**
 * position ↔ recordedAt, for `knownAt`: the first position of each run of equal instants, with
 * the latest instant at or before it (`latest_recorded_at`, which never decreases with position).
 */
export class LogInstantsProjector implements Projector {
  readonly name = 'log-instants';
  readonly tables = [LOG_INSTANTS_TABLE];

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const table = context.table(LOG_INSTANTS_TABLE);
    const [last] = await context.sql.rows<{ position: unknown; recorded_at: string; latest_recorded_at: string | null }>(
      `SELECT position, recorded_at, latest_recorded_at FROM "${table}" ORDER BY position DESC LIMIT 1`,
    );
    let previous = last?.recorded_at;
    let latest = last ? (last.latest_recorded_at ?? last.recorded_at) : '';
    const lastPosition = last ? Number(last.position) : 0;
    const rows: unknown[][] = [];
    for (const event of events) {
      if (event.position <= lastPosition) continue;
      const recordedAt = String(event.metadata.recordedAt ?? '');
      if (recordedAt === previous) continue;
      if (recordedAt > latest) latest = recordedAt;
      rows.push([event.position, recordedAt, latest]);
      previous = recordedAt;
    }
    await context.sql.insert(table, ['position', 'recorded_at', 'latest_recorded_at'], rows, { key: ['position'] });
  }
}
