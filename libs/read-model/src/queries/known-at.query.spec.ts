import fc from 'fast-check';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { Sql } from '../sql/sql';
import { feed, openTestReadStore, storedEvents, TestReadStore } from '../testing/read-store-harness';
import { positionKnownAt } from './known-at.query';

/**
 * knownAt → position is the first position recorded after the instant, minus one. Instants need
 * not grow with position (appends from several processes): for random instants, fed in random
 * batches, the index seek on the running latest instant must give MIN(position) WHERE recorded_at > T.
 */
describe('positionKnownAt', () => {
  let store: TestReadStore;
  let sql: Sql;

  beforeAll(async () => {
    store = await openTestReadStore('known-at');
    sql = Sql.of(store.dataSource);
  });
  afterAll(async () => {
    await store.close();
  });

  const instant = (second: number) => new Date(Date.UTC(2026, 10, 22, 2, 0, second)).toISOString();

  it('equals the first position recorded after the instant, for instants out of order', async () => {
    let before = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        fc.array(fc.integer({ min: -1, max: 41 }), { minLength: 5, maxLength: 5 }),
        async (seconds, batch, probes) => {
          await sql.run('DELETE FROM log_instants');
          await sql.run(`DELETE FROM projection_checkpoints WHERE name = 'log-instants'`);
          const events = storedEvents(seconds.map((s, i) => ({ streamId: `s-${i % 3}`, type: 'CreditCheckPerformed', data: {}, recordedAt: instant(s) })));
          await feed(store.dataSource, [new LogInstantsProjector()], events, batch);
          for (const probe of probes) {
            const t = instant(probe);
            const [{ first }] = await sql.rows<{ first: unknown }>('SELECT MIN(position) AS first FROM log_instants WHERE recorded_at > ?', [t]);
            const expected = first === null || first === undefined ? undefined : Number(first) - 1;
            if (expected !== undefined && seconds.some((s, i) => i > 0 && s < seconds[i - 1])) before += 1;
            expect(await positionKnownAt(sql, new Date(t))).toBe(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(before).toBeGreaterThan(50);
  }, 120_000);
});
