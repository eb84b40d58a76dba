import { READ_STORE } from '@app/application';
import type { DataSource } from 'typeorm';
import { CommandDriver, uscc } from './support/command-driver';
import { until } from './support/polling';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853005');

/**
 * Two replicas whose clocks differ by a few seconds across midnight (Asia/Shanghai). The API
 * replica, already on 2026-04-01, makes a credit check that writes the lapse due since the
 * deadline day 2026-03-31 ended: the listing is dated 2026-04-01. The replica running the sagas
 * still reads 2026-03-31: revoking the red-list title from 2026-04-01 is, by its clock, dated in
 * the future. It is tried again as its clock catches up, and the title is revoked — not skipped
 * for good as a refusal by a rule.
 */
describe('sagas: a reaction dated just after this replica’s today (clock skew at midnight)', () => {
  let sagas: TestLedger;
  let api: TestLedger | undefined;
  afterEach(async () => {
    await api?.stop({ keepData: true });
    await sagas.stop();
  });

  it('is tried again as the clock catches up, and lands', async () => {
    sagas = await TestLedger.start({}, '2026-01-20');
    const driver = new CommandDriver(sagas);
    await driver.registerInstitution(U, '某区交通局', '370102');
    await driver.appointLeader(U, 'p-sun', '2025-01-01', '孙某');
    const recordId = await driver.record(U, '2026-01-10');
    await driver.order(recordId, '2026-01-15', '2026-03-31');
    await driver.ok('/v1/exemplars', 'credit-office', { exemplarId: 'exm-1', subject: { kind: 'INSTITUTION', id: U }, title: '诚信建设示范单位', basis: '市信用办评定', designatedOn: '2026-01-05' }, 201);
    sagas.clock.set('2026-03-31T23:59:58+08:00');

    api = await sagas.beside({}, '2026-04-01');
    api.clock.set('2026-04-01T00:00:02+08:00');
    expect((await api.http.get('/health').expect(200)).body.processManagers).toBe('standby');
    const check = await new CommandDriver(api).ok<{ outcome: string }>('/v1/checks', 'approver', { subject: { kind: 'INSTITUTION', id: U }, matter: 'AWARD_EVALUATION', on: '2026-04-01', caseRef: '评优-1' }, 201);
    expect(check.outcome).toBe('RESTRICTED');

    // The listing saga meets the revocation dated 2026-04-01 with its clock on 2026-03-31: it is
    // tried again, holding the saga's checkpoint before the listing, while the other sagas go past it.
    const listed = (await sagas.store.readStream(`record-${recordId}`)).find((e) => e.type === 'InstitutionListed')!;
    const readStore = sagas.app.get<DataSource>(READ_STORE);
    const checkpoints = async () =>
      Object.fromEntries(
        ((await readStore.query('SELECT name, position FROM process_checkpoints')) as Array<{ name: string; position: unknown }>).map((row) => [row.name, Number(row.position)]),
      );
    const held = await until('the other sagas to pass the listing', checkpoints, (c) => (c['saga:designation-meets-listings'] ?? 0) >= listed.position, 15_000, 50);
    expect(held['saga:listing-revokes-exemplars'] ?? 0).toBeLessThan(listed.position);
    expect((await sagas.store.readStream('exemplar-exm-1')).map((e) => e.type)).toEqual(['ExemplarDesignated']);
    sagas.clock.set('2026-04-01T00:00:03+08:00');
    const revoked = await until('the title to be revoked', async () => (await sagas.store.readStream('exemplar-exm-1')).map((e) => [e.type, e.data.on ?? null]), (events) => events.length === 2, 15_000, 100);
    expect(revoked).toEqual([
      ['ExemplarDesignated', null],
      ['ExemplarRevoked', '2026-04-01'],
    ]);
  });
});
