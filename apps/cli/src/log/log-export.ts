import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isLedgerStream } from '@app/application';
import { computeEventHash, GENESIS_HASH, rollDigest, StoredEvent } from '@app/event-store';

/**
 * The event log as a file (`ledger export`, `ledger import`): newline-delimited JSON, a header
 * line, one line per event in log order (as stored: ids, data, metadata with its hashes), and a
 * trailer with the count and the rolling log digest, so a file cut short or edited is refused.
 */
export const EXPORT_FORMAT = 'gov-integrity-ledger/event-log';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  /** The log's head when the export began: the export holds the events up to it. */
  head: number;
}

/** An event as stored, without what the store alone keeps (its log-digest anchor). */
export type ExportedEvent = Pick<StoredEvent, 'position' | 'streamId' | 'revision' | 'id' | 'type' | 'data' | 'metadata'>;

export interface ExportTrailer {
  end: true;
  events: number;
  /** The position of the last event exported (in the log it came from). */
  position: number;
  /** The rolling log digest over every event's hash, in order: what `ledger digest` gives. */
  digest: string;
}

export const exportedEvent = (event: StoredEvent): ExportedEvent => ({
  position: event.position,
  streamId: event.streamId,
  revision: event.revision,
  id: event.id,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

/** A line of an export that is not what it must be: where, and why. */
export class ExportFileError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'ExportFileError';
  }
}

/** The lines of an export, parsed, with their numbers (1-based). */
export async function* exportLines(file: string): AsyncGenerator<{ line: number; value: unknown }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ExportFileError(line, 'not JSON');
    }
    yield { line, value };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const HEX64 = /^[0-9a-f]{64}$/;
/** The ledger's event ids are UUIDs (v5, derived from the command): EventStoreDB takes nothing else. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an export whole before anything is imported from it: the header; every event's shape,
 * its id (the one its hash covers), its hash, its link to the previous event of its stream and
 * its revision; positions in order; and the trailer's count, last position and digest. Throws
 * ExportFileError naming the first bad line.
 */
export class ExportChecker {
  private header: ExportHeader | undefined;
  private trailer: ExportTrailer | undefined;
  private readonly streams = new Map<string, { revision: number; hash: string }>();
  private digest = GENESIS_HASH;
  private position = 0;
  private count = 0;

  /** One line; returns the event when it is one. */
  accept(line: number, value: unknown): ExportedEvent | undefined {
    if (this.trailer) throw new ExportFileError(line, 'a line after the trailer');
    if (!this.header) {
      if (!isObject(value) || value.format !== EXPORT_FORMAT) throw new ExportFileError(line, `not an event log export (the first line names no format "${EXPORT_FORMAT}")`);
      if (value.version !== EXPORT_VERSION) throw new ExportFileError(line, `export version ${String(value.version)}; this release reads version ${EXPORT_VERSION}`);
      this.header = value as unknown as ExportHeader;
      return undefined;
    }
    if (isObject(value) && value.end === true) {
      const trailer = value as unknown as ExportTrailer;
      if (trailer.events !== this.count) throw new ExportFileError(line, `the trailer counts ${String(trailer.events)} events, the file holds ${this.count}`);
      if (this.count > 0 && trailer.position !== this.position) throw new ExportFileError(line, `the trailer ends at position ${String(trailer.position)}, the last event is at ${this.position}`);
      if (trailer.digest !== this.digest) throw new ExportFileError(line, 'the trailer\'s digest is not the digest of the events in the file');
      this.trailer = trailer;
      return undefined;
    }
    const event = this.event(line, value);
    const before = this.streams.get(event.streamId);
    const revision = before ? before.revision + 1 : 0;
    if (event.revision !== revision) throw new ExportFileError(line, `stream ${event.streamId}: revision ${event.revision} where ${revision} comes next`);
    const prevHash = before ? before.hash : GENESIS_HASH;
    if (event.metadata.prevHash !== prevHash) throw new ExportFileError(line, `stream ${event.streamId} revision ${event.revision}: prevHash is not the hash of the event before it`);
    if (event.metadata.eventId !== event.id) throw new ExportFileError(line, `stream ${event.streamId} revision ${event.revision}: the id is not the eventId its hash covers`);
    const hash = String(event.metadata.hash);
    if (computeEventHash(prevHash, event) !== hash) throw new ExportFileError(line, `stream ${event.streamId} revision ${event.revision}: the hash does not match the event`);
    this.streams.set(event.streamId, { revision, hash });
    this.digest = rollDigest(this.digest, hash);
    this.position = event.position;
    this.count += 1;
    return event;
  }

  /** After the last line: the trailer must have been there (a file cut short has none). */
  finish(line: number): { header: ExportHeader; trailer: ExportTrailer } {
    if (!this.header) throw new ExportFileError(line, 'the file is empty');
    if (!this.trailer) throw new ExportFileError(line, `no trailer after ${this.count} events: the file was cut short`);
    return { header: this.header, trailer: this.trailer };
  }

  /** The rolling digest of the events accepted so far. */
  get digestSoFar(): string {
    return this.digest;
  }

  get events(): number {
    return this.count;
  }

  private event(line: number, value: unknown): ExportedEvent {
    if (!isObject(value)) throw new ExportFileError(line, 'not an event');
    const { position, streamId, revision, id, type, data, metadata } = value;
    if (!Number.isSafeInteger(position) || (position as number) <= this.position) throw new ExportFileError(line, `position ${String(position)} does not follow ${this.position}`);
    // A ledger stream only: a name like `$$record-…` would be a store's own metadata stream.
    if (typeof streamId !== 'string' || !isLedgerStream(streamId)) throw new ExportFileError(line, `streamId ${JSON.stringify(streamId)} is not a stream of the ledger`);
    if (!Number.isSafeInteger(revision) || (revision as number) < 0) throw new ExportFileError(line, 'revision must be a whole number from 0');
    if (typeof id !== 'string' || !UUID.test(id)) throw new ExportFileError(line, 'id must be a UUID');
    if (typeof type !== 'string' || type === '') throw new ExportFileError(line, 'type must be a non-empty string');
    if (!isObject(data)) throw new ExportFileError(line, 'data must be an object');
    if (!isObject(metadata) || typeof metadata.hash !== 'string' || !HEX64.test(metadata.hash)) throw new ExportFileError(line, 'metadata must be an object with its hash');
    return { position: position as number, streamId, revision: revision as number, id, type, data, metadata };
  }
}
