import { isUtf8 } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type sqlite3 from 'sqlite3';
import {
  AppendResult,
  DuplicateEventIdError,
  EventStore,
  LogAnchors,
  EventToAppend,
  ExpectedRevision,
  logPageRow,
  parseStoredEventText,
  ReadAllOptions,
  StoredEvent,
  StoredLogPage,
  LOG_PAGE_FIELDS,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { GENESIS_HASH, rollDigest } from '../integrity/hash-chain';
import { all, closeDatabase, exec, finalize, openDatabase, prepare, runStatement, statementAll } from './sqlite-connection';
import { PollingSubscription } from './polling-subscription';

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL';

export interface SqliteEventStoreOptions {
  /** Path of the database file (created with its folder when missing). */
  filename: string;
  /**
   * `FULL` (default): a committed append survives a power cut. `NORMAL`: survives a process
   * crash, may lose the last commits on power loss. Atomicity holds in every mode.
   */
  synchronous?: SqliteSynchronous;
  /** How often subscriptions look for events appended by other processes (default 200 ms). */
  pollIntervalMs?: number;
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  log_digest: string | null;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, log_digest';
const COLUMN_COUNT = 8;
const ROW_TUPLE = `(${new Array(COLUMN_COUNT).fill('?').join(',')})`;
const insertSql = (rows: number): string => `INSERT INTO events (${COLUMNS}) VALUES ${new Array(rows).fill(ROW_TUPLE).join(',')}`;
/**
 * Rows per INSERT statement (400 bound values). Small enough that a large append is several
 * statements SQLite runs while the next one is bound, large enough to keep per-statement costs low.
 */
const ROWS_PER_STATEMENT = 50;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position   INTEGER PRIMARY KEY,
  stream_id  TEXT    NOT NULL,
  revision   INTEGER NOT NULL,
  event_id   TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  data       TEXT    NOT NULL,
  metadata   TEXT    NOT NULL,
  log_digest TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_event_id ON events (stream_id, event_id);
`;
// Event ids are unique per stream, which is what a retried append needs (the ledger derives
// them from the command id and the stream). Indexing them within their stream keeps the index
// pages of one append together: a log-wide index on random ids dirtied a page per event and
// doubled the bytes written per append. Logs created with the older log-wide index keep it.

interface HeadRow {
  revision: number | null;
  position: number | null;
  digest: string | null;
}

/** The stream's revision and the log head, read inside the write transaction in one round trip. */
const HEAD_SQL = `
SELECT (SELECT MAX(revision) FROM events WHERE stream_id = ?) AS revision,
       h.position AS position, h.log_digest AS digest
FROM (SELECT 1) LEFT JOIN (SELECT position, log_digest FROM events ORDER BY position DESC LIMIT 1) h`;

/** An append waiting for the writer. */
interface PendingAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** At most this many queued appends, and (beyond the first) this many events, share a commit. */
const MAX_GROUP_APPENDS = 64;
/** `readAll` reads pages of this many events as one value (see LOG_PAGE_SQL). */
const PAGED_READ_MIN = 64;
const PAGED_READ_MAX = 100_000;
/**
 * Events per page value. A page is one allocation of its whole text, copied by SQLite, by
 * node-sqlite3 and into a Buffer: pages of 50,000 events (about 44 MB) were each time fresh memory
 * from the kernel, and its page faults took most of reading a 1M-event log (8.6 s; with pages of
 * 2,048, about 2 MB that malloc reuses, 2.6 s).
 */
const LOG_PAGE_EVENTS = 2_048;
/** Streams per query of `readStreams`. */
const READ_STREAMS_CHUNK = 500;
const MAX_GROUP_EVENTS = 5_000;

/**
 * The embedded event store: one SQLite file in WAL mode. Appends are serialised through one
 * writer connection (and `BEGIN IMMEDIATE` across processes) so global positions are dense and
 * become visible in order; reads use a second connection and never see an open transaction.
 *
 * Appends that queue up while the writer is busy are committed together (group commit): one
 * transaction, each append inside its own savepoint, so each is still all-or-nothing and fails
 * or succeeds exactly as it would alone, in arrival order; each promise settles after the
 * shared COMMIT. An append that finds the writer idle runs in its own transaction.
 */
export class SqliteEventStore implements EventStore {
  readonly enforcesUniqueEventIds = true;
  readonly anchorsLogDigest = true;
  private readonly pending: PendingAppend[] = [];
  private writing: Promise<void> | undefined;
  /**
   * The writer's prepared statements by SQL (INSERTs by row count, BEGIN, COMMIT, the head
   * read...); the promise is cached so concurrent users share one. `Database#run(sql)` would
   * prepare, run and finalise on every call: three trips to the driver's worker thread, not one.
   */
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();
  /**
   * The reader's prepared statements by SQL (the fixed queries only). Once prepared, a read is
   * handed to the driver's worker thread within the call: `Database#all(sql)` prepares first and
   * only queues the query when the main thread next takes the prepare's callback, so a page read
   * ahead while the caller works synchronously (the verifier hashing a page) did not start until
   * that work was done.
   */
  private readonly readerStatements = new Map<string, sqlite3.Statement | Promise<sqlite3.Statement>>();
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;

  private constructor(
    private readonly writer: sqlite3.Database,
    private readonly reader: sqlite3.Database,
    private readonly pollIntervalMs: number,
  ) {
    this.appended.setMaxListeners(0);
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    const writer = await openDatabase(options.filename);
    // temp_store = MEMORY: the statement and savepoint journals of an append (the pages it
    // touches, to undo a failed INSERT or a failed append in a group) stay in memory instead of
    // spilling to a temporary file past 64 KB; for a 100-event append that was 40% of its writes.
    await exec(
      writer,
      `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous ?? 'FULL'}; PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY;`,
    );
    await exec(writer, SCHEMA);
    const reader = await openDatabase(options.filename);
    await exec(reader, 'PRAGMA busy_timeout = 10000; PRAGMA query_only = 1;');
    return new SqliteEventStore(writer, reader, options.pollIntervalMs ?? 200);
  }

  append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ streamId, events, expectedRevision, resolve, reject });
      if (!this.writing) this.writing = this.drain();
    });
  }

  async readStream(streamId: string, fromRevision = 0, limit = -1): Promise<StoredEvent[]> {
    const rows = await this.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`, [
      streamId,
      fromRevision,
      limit,
    ]);
    return rows.map(toStoredEvent);
  }

  async readLastEvent(streamId: string): Promise<StoredEvent | undefined> {
    const [row] = await this.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1`, [streamId]);
    return row && toStoredEvent(row);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const limit = options.limit ?? -1;
    let from = options.fromPosition ?? 0;
    const events: StoredEvent[] = [];
    if (limit >= PAGED_READ_MIN && limit <= PAGED_READ_MAX) {
      // Pages as one value each, parsed here: the rows node-sqlite3 would build cost the main
      // thread more than the parsing. The next page is asked for before this one is parsed.
      // Rows a page cannot carry exactly are read as rows, from there on.
      const ask = (after: number, wanted: number) => this.readLogPage(after, Math.min(wanted, LOG_PAGE_EVENTS)).catch(() => undefined);
      let next: Promise<StoredLogPage | undefined> | undefined = ask(from, limit);
      while (next) {
        const page: StoredLogPage | undefined = await next;
        if (page === undefined) break;
        const asked = Math.min(limit - events.length, LOG_PAGE_EVENTS);
        if (page.count === 0) return events;
        from = page.positions[page.count - 1];
        const left: number = limit - events.length - page.count;
        next = page.count === asked && left > 0 ? ask(from, left) : undefined;
        for (let r = 0; r < page.count; r += 1) events.push(parseStoredEventText(logPageRow(page, r)));
        if (!next) return events;
      }
    }
    const left = limit < 0 ? -1 : limit - events.length;
    const rows = await this.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`, [from, left]);
    for (const row of rows) events.push(toStoredEvent(row));
    return events;
  }

  /** Positions are dense here, so each is one indexed read of the event after `position - 1`. */
  async readEventsAt(positions: readonly number[]): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    for (const position of [...new Set(positions)].sort((a, b) => a - b)) {
      const [event] = await this.readAll({ fromPosition: position - 1, limit: 1 });
      if (event?.position === position) found.push(event);
    }
    return found;
  }

  async readLogPage(fromPosition: number, limit: number): Promise<StoredLogPage | undefined> {
    const [row] = await this.query<{ n: number; odd: number | null; page: Buffer | null }>(LOG_PAGE_SQL, [fromPosition, limit]);
    if (!row || row.n === 0) return { count: 0, bytes: Buffer.alloc(0), bounds: new Uint32Array(1), positions: [], revisions: [] };
    if (row.odd !== 0 || !Buffer.isBuffer(row.page)) return undefined;
    return frameLogPage(row.page, row.n);
  }

  async readStreams(streamIds: readonly string[]): Promise<StoredEvent[][]> {
    const byStream = new Map<string, StoredEvent[]>();
    for (const streamId of streamIds) byStream.set(streamId, []);
    const unique = [...byStream.keys()];
    // Bound as one JSON array (no limit on the number of variables), in chunks so one read does
    // not hold the reader for long.
    for (let offset = 0; offset < unique.length; offset += READ_STREAMS_CHUNK) {
      const rows = await this.query<EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id IN (SELECT value FROM json_each(?)) ORDER BY stream_id, revision`,
        [JSON.stringify(unique.slice(offset, offset + READ_STREAMS_CHUNK))],
      );
      for (const row of rows) byStream.get(row.stream_id)?.push(toStoredEvent(row));
    }
    return streamIds.map((streamId) => byStream.get(streamId)!);
  }

  async readLogAnchors(positions: readonly number[]): Promise<LogAnchors> {
    const [extent] = await this.query<{ n: number; lo: number | null; hi: number | null }>('SELECT COUNT(*) AS n, MIN(position) AS lo, MAX(position) AS hi FROM events', []);
    const at = new Map<number, { digest: string | null; hash: string | null }>();
    const wanted = [...new Set(positions)];
    for (let offset = 0; offset < wanted.length; offset += READ_STREAMS_CHUNK) {
      const rows = await this.query<{ position: number; digest: unknown; hash: unknown }>(
        `SELECT position, log_digest AS digest, CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.hash') END AS hash
           FROM events WHERE position IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(wanted.slice(offset, offset + READ_STREAMS_CHUNK))],
      );
      for (const row of rows) at.set(row.position, { digest: typeof row.digest === 'string' ? row.digest : null, hash: typeof row.hash === 'string' ? row.hash : null });
    }
    return { rows: extent?.n ?? 0, first: extent?.lo ?? 0, last: extent?.hi ?? 0, at };
  }

  async findEventsById(streamId: string, ids: string[]): Promise<StoredEvent[]> {
    if (ids.length === 0) return [];
    const rows = await all<EventRow>(
      this.reader,
      `SELECT ${COLUMNS} FROM events WHERE event_id IN (${ids.map(() => '?').join(',')}) AND stream_id = ? ORDER BY position`,
      [...ids, streamId],
    );
    return rows.map(toStoredEvent);
  }

  async headPosition(): Promise<number> {
    const [row] = await this.query<{ position: number | null }>('SELECT MAX(position) AS position FROM events', []);
    return row?.position ?? 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new PollingSubscription({
      ...options,
      readAll: (from, limit) => this.readAll({ fromPosition: from, limit }),
      headPosition: () => this.headPosition(),
      onAppended: (listener) => {
        this.appended.on('appended', listener);
        return () => this.appended.off('appended', listener);
      },
      pollIntervalMs: this.pollIntervalMs,
      onClosed: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.writing;
    const statements = await Promise.allSettled([...this.statements.values(), ...this.readerStatements.values()]);
    await Promise.all(statements.map((s) => (s.status === 'fulfilled' ? finalize(s.value) : undefined)));
    await closeDatabase(this.writer);
    await closeDatabase(this.reader);
  }

  /** Writes queued appends until none is left: alone when one is waiting, else as a group. */
  private async drain(): Promise<void> {
    // Yield once so the caller's `this.writing = ...` is set before anything can settle.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const group = this.takeGroup();
        if (group.length === 1) await this.appendAlone(group[0]);
        else await this.appendGroup(group);
      }
    } finally {
      this.writing = undefined;
    }
  }

  private takeGroup(): PendingAppend[] {
    const group = [this.pending.shift()!];
    let events = group[0].events.length;
    while (
      this.pending.length > 0 &&
      group.length < MAX_GROUP_APPENDS &&
      events + this.pending[0].events.length <= MAX_GROUP_EVENTS
    ) {
      const next = this.pending.shift()!;
      group.push(next);
      events += next.events.length;
    }
    return group;
  }

  private async appendAlone(request: PendingAppend): Promise<void> {
    try {
      request.resolve(await this.appendInTransaction(request.streamId, request.events, request.expectedRevision));
    } catch (error) {
      request.reject(error);
    }
  }

  /**
   * One transaction for the group, a savepoint per append. An append that fails the way an
   * append can fail on its own (wrong revision, duplicate id, unserialisable event) is rolled
   * back to its savepoint and rejected; the others commit. Any other failure rolls the whole
   * transaction back and the group is written again one append at a time, as without grouping.
   */
  private async appendGroup(group: PendingAppend[]): Promise<void> {
    try {
      await this.execute('BEGIN IMMEDIATE');
    } catch {
      for (const request of group) await this.appendAlone(request);
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      for (const { streamId, events, expectedRevision } of group) {
        // Savepoints nest; ROLLBACK TO names the innermost one of that name: this append's.
        await this.execute('SAVEPOINT append');
        try {
          outcomes.push({ ok: true, result: await this.writeAppend(streamId, events, expectedRevision) });
        } catch (error) {
          if (!failsAloneToo(error)) throw error;
          await this.execute('ROLLBACK TO append');
          outcomes.push({ ok: false, error: translateConstraintError(error, streamId) });
        }
      }
      await this.execute('COMMIT');
    } catch {
      await this.execute('ROLLBACK').catch(() => undefined);
      for (const request of group) await this.appendAlone(request);
      return;
    }
    if (outcomes.some((o) => o.ok && o.result.positions.length > 0)) this.appended.emit('appended');
    group.forEach((request, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) request.resolve(outcome.result);
      else request.reject(outcome.error);
    });
  }

  private async appendInTransaction(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    let begun = false;
    try {
      await this.execute('BEGIN IMMEDIATE');
      begun = true;
      const result = await this.writeAppend(streamId, events, expectedRevision);
      await this.execute('COMMIT');
      if (events.length > 0) this.appended.emit('appended');
      return result;
    } catch (error) {
      if (begun) await this.execute('ROLLBACK').catch(() => undefined);
      throw translateConstraintError(error, streamId);
    }
  }

  /**
   * Writes one append inside the open transaction (or savepoint): checks the expected revision,
   * chains the log digest from the head, inserts the rows. Neither commits nor rolls back; every
   * statement it started has settled when it returns or throws.
   */
  private async writeAppend(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    // SQLite reads the head on its worker thread while this thread serialises the events.
    const headRead = this.readHead(streamId);
    const texts = new Array<string>(events.length * 2);
    let unserialisable: unknown;
    try {
      for (let i = 0; i < events.length; i += 1) {
        // The ledger hands over the canonical texts it hashed: stored as they are, so the
        // verifier can hash them without parsing (see readLogText).
        const { encoded } = events[i];
        texts[2 * i] = encoded ? encoded.data : JSON.stringify(events[i].data);
        texts[2 * i + 1] = encoded ? encoded.metadata : JSON.stringify(events[i].metadata);
      }
    } catch (error) {
      unserialisable = error ?? new Error('event is not serialisable');
    }
    const [read] = await Promise.allSettled([headRead]);
    if (unserialisable !== undefined) throw unserialisable;
    if (read.status === 'rejected') throw read.reason;
    const head = read.value;
    const current = head?.revision ?? null;
    checkExpectedRevision(streamId, expectedRevision, current);
    const firstRevision = current === null ? 0 : current + 1;
    let position = head?.position ?? 0;
    let digest: string | null = head?.position ? head.digest : GENESIS_HASH;
    const positions = new Array<number>(events.length);
    // Rows go out in chunks: SQLite inserts one chunk on its worker thread while this thread
    // binds the next. Every chunk settles before the caller commits or rolls back.
    const inserts: Promise<void>[] = [];
    for (let offset = 0; offset < events.length; offset += ROWS_PER_STATEMENT) {
      const rows = Math.min(ROWS_PER_STATEMENT, events.length - offset);
      const values = new Array<unknown>(rows * COLUMN_COUNT);
      for (let r = 0, v = 0; r < rows; r += 1) {
        const index = offset + r;
        const event = events[index];
        position += 1;
        digest = event.hash !== undefined && digest !== null ? rollDigest(digest, event.hash) : null;
        positions[index] = position;
        values[v++] = position;
        values[v++] = streamId;
        values[v++] = firstRevision + index;
        values[v++] = event.id;
        values[v++] = event.type;
        values[v++] = texts[2 * index];
        values[v++] = texts[2 * index + 1];
        values[v++] = digest;
      }
      inserts.push(this.statement(insertSql(rows)).then((statement) => runStatement(statement, values)));
    }
    const settled = await Promise.allSettled(inserts);
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return { nextExpectedRevision: firstRevision + events.length - 1, positions };
  }

  /** The stream's current revision and the log head, inside the write transaction. */
  private async readHead(streamId: string): Promise<HeadRow | undefined> {
    const statement = await this.statement(HEAD_SQL);
    // `all`, not `get`: it steps to the end, so no read statement is left open on the writer.
    return new Promise<HeadRow | undefined>((resolve, reject) => {
      statement.all([streamId], (error: Error | null, rows: HeadRow[]) => (error ? reject(error) : resolve(rows[0])));
    });
  }

  /** Runs one of the writer's prepared, parameterless statements (BEGIN, COMMIT, SAVEPOINT...). */
  private async execute(sql: string): Promise<void> {
    await runStatement(await this.statement(sql), []);
  }

  /**
   * Runs one of the reader's fixed queries on its prepared statement. `all` steps it to the end,
   * so no read transaction stays open between calls (a statement left mid-way would pin the
   * reader to an old snapshot of the log).
   */
  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    // Once closing, no statement is prepared or run: `close` finalizes the ones it has seen.
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    const cached = this.readerStatements.get(sql);
    if (cached !== undefined && !(cached instanceof Promise)) return statementAll<T>(cached, params);
    let preparing = cached;
    if (!preparing) {
      preparing = prepare(this.reader, sql);
      this.readerStatements.set(sql, preparing);
      preparing.then(
        (statement) => this.readerStatements.set(sql, statement),
        () => this.readerStatements.delete(sql),
      );
    }
    return preparing.then((statement) => statementAll<T>(statement, params));
  }

  private statement(sql: string): Promise<sqlite3.Statement> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = prepare(this.writer, sql);
      statement.catch(() => this.statements.delete(sql));
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | null): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? current === null : current === expected) return;
  throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}

/**
 * Failures an append meets the same way alone or in a group, which leave the transaction usable:
 * a revision mismatch, an event that cannot be serialised, a constraint (duplicate id).
 */
function failsAloneToo(error: unknown): boolean {
  if (error instanceof WrongExpectedRevisionError || error instanceof TypeError) return true;
  return String((error as { message?: unknown } | null)?.message ?? '').includes('SQLITE_CONSTRAINT');
}

function translateConstraintError(error: unknown, streamId: string): unknown {
  // Not `instanceof Error`: the native driver's errors may come from another realm (jest's vm).
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  if (/UNIQUE constraint failed: (events\.stream_id, )?events\.event_id/.test(message)) return new DuplicateEventIdError(streamId);
  return error;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return parseStoredEventText({
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    ...(row.log_digest !== null && { logDigest: row.log_digest }),
  });
}

/**
 * A page of the log as one value: every row's columns joined by U+0001, as a BLOB (its UTF-8
 * bytes, no decoding). node-sqlite3 builds a JS object per row, which caps reading at some
 * 50,000 rows/s; one value per page reads several times faster. `odd` counts rows whose columns
 * are not of the types the store writes (a NULL digest is written as '' and told apart because
 * a stored digest is never '').
 */
const LOG_PAGE_SQL = `
SELECT count(*) AS n,
       sum(typeof(revision) <> 'integer' OR typeof(stream_id) <> 'text' OR typeof(event_id) <> 'text'
           OR typeof(type) <> 'text' OR typeof(data) <> 'text' OR typeof(metadata) <> 'text'
           OR NOT (log_digest IS NULL OR (typeof(log_digest) = 'text' AND log_digest <> ''))) AS odd,
       CAST(group_concat(position || char(1) || stream_id || char(1) || revision || char(1) || event_id || char(1) || type
                    || char(1) || data || char(1) || metadata || char(1) || ifnull(log_digest, ''), char(1)) AS BLOB) AS page
FROM (SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?)`;

const SEPARATOR_BYTE = 0x01;
const FIELDS = LOG_PAGE_FIELDS.count;

/**
 * Frames a page: undefined unless it is valid UTF-8 and splits into exactly `count` rows of 8
 * fields with integer positions (increasing) and revisions. A separator inside a value adds a
 * field, so a page is only ever given when its framing is exactly the rows.
 */
function frameLogPage(bytes: Buffer, count: number): StoredLogPage | undefined {
  if (!isUtf8(bytes)) return undefined;
  const total = count * FIELDS;
  const bounds = new Uint32Array(total + 1);
  let at = 0;
  for (let i = 0; i < total; i += 1) {
    bounds[i] = at;
    const end = bytes.indexOf(SEPARATOR_BYTE, at);
    if (i < total - 1) {
      if (end < 0) return undefined;
      at = end + 1;
    } else {
      if (end >= 0) return undefined;
      at = bytes.length + 1;
    }
  }
  bounds[total] = at;
  const positions = new Array<number>(count);
  const revisions = new Array<number>(count);
  let previous = -Infinity;
  for (let r = 0; r < count; r += 1) {
    const position = integerField(bytes, bounds[r * FIELDS], bounds[r * FIELDS + 1] - 1);
    const revision = integerField(bytes, bounds[r * FIELDS + 2], bounds[r * FIELDS + 3] - 1);
    if (position === undefined || revision === undefined || position <= previous) return undefined;
    positions[r] = previous = position;
    revisions[r] = revision;
  }
  return { count, bytes, bounds, positions, revisions };
}

/** A decimal integer as SQLite prints one, or undefined. */
function integerField(bytes: Buffer, start: number, end: number): number | undefined {
  const text = bytes.toString('latin1', start, end);
  const value = Number(text);
  return Number.isSafeInteger(value) && String(value) === text ? value : undefined;
}
