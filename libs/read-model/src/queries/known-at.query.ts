import type { DataSource } from 'typeorm';
import { Sql, toNumber } from '../sql/sql';

/**
 * The last log position the system knew at `instant` (ISO-8601): the prefix of the log written
 * before the first event recorded after it. `undefined` when nothing recorded so far is later,
 * i.e. everything projected was already known then.
 */
export async function positionKnownAt(source: DataSource | Sql, instant: Date): Promise<number | undefined> {
  const sql = source instanceof Sql ? source : Sql.of(source);
  // latest_recorded_at (the latest instant up to each position) never decreases with position:
  // the first row above the instant in its index is the first position recorded after it.
  const [row] = await sql.rows<{ first_after: unknown }>(
    'SELECT position AS first_after FROM log_instants WHERE latest_recorded_at > ? ORDER BY latest_recorded_at, position LIMIT 1',
    [instant.toISOString()],
  );
  return row?.first_after === null || row?.first_after === undefined ? undefined : toNumber(row.first_after) - 1;
}
