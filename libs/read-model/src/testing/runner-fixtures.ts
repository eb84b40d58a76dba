import type { EventStore, EventToAppend, StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext, ProjectionLogger } from '../projectors/projection-context';
import type { Projector } from '../projectors/projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';

/**
 * What the projection runner's specs share: a registration event to append, a logger that keeps
 * its lines, a poller for what the runner does in the background, and a projector that fails on
 * demand. Only specs import this.
 */

/** The registration of institution `u{i}` (stream `institution-u{i}`), recorded on 2026-11-22. */
export const registration = (i: number): EventToAppend => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: 'InstitutionRegistered',
  data: { uscc: `u${i}`, name: `机构${i}`, kind: 'GOVERNMENT_ORGAN', regionCode: '370100' },
  metadata: { recordedAt: `2026-11-22T02:00:${String(i % 60).padStart(2, '0')}.000Z`, schemaVersion: 1, actor: { sub: 'test', role: 'registrar' } },
});

/** Appends the registrations of institutions `u{from}` … `u{to}`, each in a stream of its own. */
export async function registerInstitutions(store: Pick<EventStore, 'append'>, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i += 1) await store.append(`institution-u${i}`, [registration(i)], 'no_stream');
}

/** A logger whose lines (`log …`, `warn …`, `error …`) a spec reads back; `clear()` between tests. */
export function recordingLogger(): ProjectionLogger & { readonly lines: string[]; clear(): void } {
  const lines: string[] = [];
  return {
    lines,
    clear: () => {
      lines.length = 0;
    },
    log: (message: string) => lines.push(`log ${message}`),
    warn: (message: string) => lines.push(`warn ${message}`),
    error: (message: string) => lines.push(`error ${message}`),
  };
}

/** Reads until `done` holds, every 20 ms; fails naming `what` and the last value after `timeoutMs`. */
export async function eventually<T>(what: string, read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The subject-streams projector, failing on one stream's events while `broken`. */
export class FlakySubjectStreams implements Projector {
  readonly name = 'subject-streams';
  readonly tables: readonly string[];
  private readonly inner = new SubjectStreamsProjector();
  broken = true;

  constructor(private readonly failOn: string) {
    this.tables = this.inner.tables;
  }

  async apply(events: StoredEvent[], manager: EntityManager, context: ProjectionContext): Promise<void> {
    if (this.broken && events.some((e) => e.streamId === this.failOn)) throw new Error(`the disk said no (${this.failOn})`);
    await this.inner.apply(events, manager, context);
  }
}
