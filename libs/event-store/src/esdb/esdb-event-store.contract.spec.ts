import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreContract, plainEvent } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

/*
 * These run against a real EventStoreDB and only when ESDB_CONNECTION_STRING is set, so a plain
 * `npm test` needs no server. Locally: `docker compose up eventstore`, then
 * `ESDB_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx jest libs/event-store/src/esdb`.
 * The server may be shared, so every test writes to fresh, uniquely named streams.
 */
const connectionString = process.env.ESDB_CONNECTION_STRING;
const describeWithServer = connectionString ? describe : describe.skip;

describeWithServer('EsdbEventStore on EventStoreDB', () => {
  eventStoreContract('EventStoreDB', async () => {
    const store = new EsdbEventStore({ connectionString: connectionString! });
    return { store, cleanup: () => store.close() };
  });

  describe('the position mapping holds on this server', () => {
    let store: EsdbEventStore;
    let client: EventStoreDBClient;
    beforeAll(() => {
      client = EventStoreDBClient.connectionString(connectionString!);
      store = new EsdbEventStore({ client });
    });
    afterAll(async () => {
      await store.close();
      await client.dispose();
    });

    it('gives every event of a batch append commit === prepare, which the port position relies on', async () => {
      const stream = `esdb-positions-${randomUUID()}`;
      const result = await store.append(stream, [plainEvent('A'), plainEvent('B'), plainEvent('C')], 'no_stream');
      const raw = [];
      for await (const resolved of client.readStream(stream)) raw.push(resolved.event!.position!);
      expect(raw.map((p) => p.commit)).toEqual(raw.map((p) => p.prepare));
      expect(raw.map((p) => Number(p.prepare))).toEqual(result.positions);
      const fromSecond = await store.readAll({ fromPosition: result.positions[0], limit: 2 });
      expect(fromSecond.map((e) => e.position)).toEqual(result.positions.slice(1));
    });

    it('answers a retried identical append like the first one (ESDB idempotent write), appending nothing', async () => {
      const stream = `esdb-retry-${randomUUID()}`;
      const events = [plainEvent('A'), plainEvent('B')];
      const first = await store.append(stream, events, 'no_stream');
      const again = await store.append(stream, events, 'no_stream');
      expect(again).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
      expect((await store.findEventsById(stream, [events[1].id])).map((e) => e.position)).toEqual([first.positions[1]]);
    });
  });
});
