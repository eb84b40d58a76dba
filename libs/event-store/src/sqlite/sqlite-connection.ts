import sqlite3 from 'sqlite3';

/** Promise wrappers over the callback API of `sqlite3`, kept to what the adapter uses. */
export function openDatabase(filename: string, mode?: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(
      filename,
      mode ?? sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE,
      (error) => (error ? reject(error) : resolve(db)),
    );
  });
}

export function run(db: sqlite3.Database | sqlite3.Statement, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    (db as sqlite3.Database).run(sql, params, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

export function runStatement(statement: sqlite3.Statement, params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    statement.run(params, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

export function get<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    db.get(sql, params, (error: Error | null, row: T | undefined) => (error ? reject(error) : resolve(row)));
  });
}

export function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    db.all(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
  });
}

/** All rows of a prepared statement; the driver binds, steps it to the end and resets it. */
export function statementAll<T>(statement: sqlite3.Statement, params: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    statement.all(params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
  });
}

export function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

export function prepare(db: sqlite3.Database, sql: string): Promise<sqlite3.Statement> {
  return new Promise((resolve, reject) => {
    const statement = db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(statement)));
  });
}

export function finalize(statement: sqlite3.Statement): Promise<void> {
  return new Promise((resolve) => statement.finalize(() => resolve()));
}

export function closeDatabase(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}
