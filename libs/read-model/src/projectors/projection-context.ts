import type { EntityManager } from 'typeorm';
import { Sql } from '../sql/sql';

export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: ProjectionLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * What a projector writes with: raw bulk SQL inside the batch's transaction, and the physical
 * name of each of its tables (the live one, or the fresh one a rebuild fills).
 */
export class ProjectionContext {
  readonly sql: Sql;

  constructor(
    readonly manager: EntityManager,
    private readonly physicalName: (table: string) => string = (table) => table,
    readonly logger: ProjectionLogger = silentLogger,
  ) {
    this.sql = Sql.of(manager);
  }

  table(name: string): string {
    return this.physicalName(name);
  }
}
