import type { DataSource } from 'typeorm';
import { dialectOf } from '../sql/sql';

/**
 * SQLite picks the list indexes (covering counts, pages in display order) only when it has
 * statistics; without them it sorts whole lists. A sampled ANALYZE is cheap and runs as the read
 * store grows (and after a rebuild). PostgreSQL's autovacuum keeps its own statistics.
 */
export async function refreshPlannerStatistics(dataSource: DataSource): Promise<void> {
  if (dialectOf(dataSource) !== 'sqlite') return;
  await dataSource.query('PRAGMA analysis_limit = 1000');
  await dataSource.query('ANALYZE');
}
