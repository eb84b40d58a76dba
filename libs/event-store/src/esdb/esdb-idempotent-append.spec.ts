import { randomUUID } from 'node:crypto';
import type { AppendExpectedRevision, EventStoreDBClient, EventData, ResolvedEvent } from '@eventstore/db-client';
import { DuplicateEventIdError } from '../event-store.port';
import { EventLedger, IdempotencyKeyReusedError, type CommandContext } from '../ledger/event-ledger';
import { plainEvent } from '../testing/event-store.contract';
import { recorded } from './testing/esdb-events';
import { EsdbEventStore } from './esdb-event-store';

/**
 * EventStoreDB answers a write whose event ids it already holds right after the expected revision
 * with success and writes nothing (its documented idempotent append). There is no server on this
 * machine, so this scripted client plays that part of the server; the contract suite checks the
 * same behaviour against a real one when ESDB_CONNECTION_STRING is set.
 */
function idempotentServer() {
  const streams = new Map<string, ResolvedEvent[]>();
  let position = 1000n;
  const client = {
    async appendToStream(streamId: string, events: EventData[], options: { expectedRevision: AppendExpectedRevision }) {
      const stream = streams.get(streamId) ?? [];
      const expected = options.expectedRevision;
      const from = expected === 'no_stream' ? 0 : Number(expected) + 1;
      const held = stream.slice(from, from + events.length);
      if (held.length === events.length && held.every((r, i) => r.event!.id === events[i].id)) {
        return { success: true, nextExpectedRevision: BigInt(from + events.length - 1), position: held[held.length - 1].event!.position };
      }
      if ((expected === 'no_stream' && stream.length > 0) || (typeof expected === 'bigint' && Number(expected) !== stream.length - 1)) {
        throw new Error('this script only plays idempotent retries and first writes');
      }
      for (const e of events) {
        position += 100n;
        const revision = BigInt(stream.length);
        stream.push({
          event: recorded({
            streamId,
            id: e.id,
            type: e.type,
            data: e.data,
            metadata: e.metadata,
            revision,
            position: { commit: position, prepare: position },
          }),
        } as ResolvedEvent);
      }
      streams.set(streamId, stream);
      return { success: true, nextExpectedRevision: BigInt(stream.length - 1), position: stream[stream.length - 1].event!.position };
    },
    async *readStream(streamId: string, options: { direction: string; fromRevision: bigint | string; maxCount?: number }) {
      const stream = streams.get(streamId) ?? [];
      const ordered = options.direction === 'backwards' ? [...stream].reverse() : stream;
      const start = typeof options.fromRevision === 'bigint' ? ordered.findIndex((r) => r.event!.revision === options.fromRevision) : 0;
      yield* ordered.slice(Math.max(start, 0), Math.max(start, 0) + (options.maxCount ?? ordered.length));
    },
  };
  return { client: client as unknown as EventStoreDBClient, streams };
}

describe("EsdbEventStore: the server's idempotent append", () => {
  it('passes a byte-for-byte retry as the earlier write (same positions, nothing written)', async () => {
    const { client, streams } = idempotentServer();
    const store = new EsdbEventStore({ client });
    const id = `s-${randomUUID()}`;
    const events = [plainEvent('A', { n: 1 }), plainEvent('B', { n: 2 })];
    const first = await store.append(id, events, 'no_stream');
    const again = await store.append(id, events, 'no_stream');
    expect(again).toEqual(first);
    expect(streams.get(id)).toHaveLength(2);
  });

  it('refuses events with the ids of an earlier write but other content: a duplicate id, not a success', async () => {
    const { client, streams } = idempotentServer();
    const store = new EsdbEventStore({ client });
    const id = `s-${randomUUID()}`;
    const start = plainEvent('Start');
    await store.append(id, [start], 'no_stream');
    const earlier = plainEvent('Decided', { outcome: 'UPHELD' });
    await store.append(id, [earlier], 0);
    await expect(store.append(id, [{ ...earlier, data: { outcome: 'CORRECTED' } }], 0)).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(store.append(id, [{ ...earlier, metadata: { note: 'another request' } }], 0)).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(store.append(id, [{ ...earlier, type: 'Other' }], 0)).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect((await store.readStream(id)).map((e) => e.data)).toEqual([{}, { outcome: 'UPHELD' }]);
    expect(streams.get(id)).toHaveLength(2);
  });
});

describe('EventLedger on EventStoreDB: one idempotency key, two bodies, racing', () => {
  const clock = { now: () => new Date('2026-11-22T03:04:05.000Z') };
  const context = (digest: string): CommandContext => ({ commandId: 'key-1', actor: { sub: 'u', role: 'credit-office' }, requestDigest: digest });

  it('lands one body; the other request is refused as a reused key, not answered as if written', async () => {
    const { client, streams } = idempotentServer();
    const ledgers = [new EventLedger(new EsdbEventStore({ client }), clock), new EventLedger(new EsdbEventStore({ client }), clock)];
    // Both look the key up before either writes, so both reach the server with the same event ids.
    const outcomes = await Promise.allSettled([
      ledgers[0].append('record-1', [{ type: 'ObjectionDecided', data: { outcome: 'UPHELD' } }], 'no_stream', context('one')),
      ledgers[1].append('record-1', [{ type: 'ObjectionDecided', data: { outcome: 'CORRECTED' } }], 'no_stream', context('two')),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(streams.get('record-1')).toHaveLength(1);
    // The same body again is an answer from the log.
    const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
    const retry = await ledgers[1].append(
      'record-1',
      [{ type: 'ObjectionDecided', data: { outcome: winner === 0 ? 'UPHELD' : 'CORRECTED' } }],
      'no_stream',
      context(winner === 0 ? 'one' : 'two'),
    );
    expect(retry.replayed).toBe(true);
  });
});
