import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { withUsccCheckCharacter } from '@app/domain';
import { READ_STORE, withSchemaVersion } from '@app/application';
import { loadRecord } from '@app/application/command-support/stream-loaders';
import { ReassignAccountabilityCommand } from '@app/application/sagas/reassign-accountability.command';
import { EventLedger, StoredEvent } from '@app/event-store';
import { DataSource } from 'typeorm';
import { DomainWriter } from './support/domain-writer';
import { TestLedger } from './support/test-app';
import { eventually } from './support/polling';
import { sagasCaughtUp } from './support/sagas';

const USCC = withUsccCheckCharacter('11370100MB2850777');
const SAGA = 'saga:listing-revocation-cancels-accountability';

const queueOf = async (test: TestLedger, recordId: string) => {
  const position = String(await test.store.headPosition());
  const queue = await test.http.get(`/v1/queues/accountability?consistentWith=${position}`).set(test.auth('discipline')).expect(200);
  return queue.body.items.filter((item: { recordId: string }) => item.recordId === recordId);
};

const summary = (events: StoredEvent[]) => events.map((e): [string, unknown, unknown] => [e.type, e.data.obligationId ?? null, e.data.reason ?? null]);

describe('saga: an objection decided LISTING_REVOKED cancels the obligations its lapse left open', () => {
  let test: TestLedger;

  afterEach(async () => {
    await test.stop();
  });

  it('an old log (the decision left the obligation OPEN) is corrected on the first start after the upgrade, dated the decision, once', async () => {
    // The log as older code wrote it, with no process manager of this version running.
    test = await TestLedger.start({ runProcessManagers: false }, '2026-11-22');
    const writer = new DomainWriter(test, USCC);
    await writer.institution();
    await writer.recordWithOrder('r-old', '2026-11-10');
    await writer.record({ type: 'LapseRectificationDeadline', today: '2026-11-22', data: { recordId: 'r-old' } });
    await writer.record({ type: 'FileObjection', today: '2026-11-22', data: { recordId: 'r-old', objectionId: 'obj-1', filedOn: '2026-11-15', grounds: '整改已按期完成' } });
    const ledger = test.app.get(EventLedger);
    const { revision } = await loadRecord(ledger, 'r-old');
    const decidedOldStyle = [
      { type: 'ObjectionDecided', data: { recordId: 'r-old', objectionId: 'obj-1', decidedOn: '2026-11-20', outcome: 'LISTING_REVOKED', reason: '整改按期完成，列入有误' } },
      { type: 'InstitutionDelisted', data: { recordId: 'r-old', uscc: USCC, delistedOn: '2026-11-20', reason: 'LISTING_REVOKED' } },
      { type: 'AwardBanVoided', data: { banId: 'ban-r-old', recordId: 'r-old', voidedOn: '2026-11-20', reason: 'LISTING_REVOKED', objectionId: 'obj-1' } },
    ];
    await ledger.append('record-r-old', decidedOldStyle.map(withSchemaVersion), revision, { commandId: randomUUID(), actor: { sub: 'test-credit-office', role: 'credit-office' } });
    // A leader appointment entered late (before the deadline): the leader-correction saga must not
    // move an obligation of a lapse found wrong to p-liu.
    await test.http
      .post(`/v1/institutions/${USCC}/leaders`)
      .set(test.auth('registrar'))
      .send({ personId: 'p-liu', name: '刘某', title: '局长', effectiveOn: '2026-11-01' })
      .expect(201);
    const old = await test.store.readStream('record-r-old');
    const decision = old.find((e) => e.type === 'ObjectionDecided')!;
    expect(summary(old).filter(([type]) => type.startsWith('Accountability'))).toEqual([['AccountabilityRequired', 'obligation-1', null]]);
    // The bug: the obligation stays in the discipline queue for good.
    expect(await queueOf(test, 'r-old')).toEqual([expect.objectContaining({ obligationId: 'obligation-1', personId: 'p-chen' })]);

    // The leader-correction rule leaves it alone (it would cancel it LEADER_CORRECTED and require one of p-liu).
    const [appointment] = (await test.store.readStream(`institution-${USCC}`)).filter((e) => e.type === 'PrincipalLeaderAppointed' && e.data.personId === 'p-liu');
    expect(await test.app.get(CommandBus).execute(new ReassignAccountabilityCommand(appointment))).toBe(0);
    expect(await test.store.readStream('record-r-old')).toHaveLength(old.length);

    // The upgrade, started days later: the new saga reads the log from its beginning.
    test = await test.restart('2026-12-07');
    const record = await eventually(
      () => test.store.readStream('record-r-old'),
      (events) => events.length > old.length,
    );
    await sagasCaughtUp(test);
    const after = await test.store.readStream('record-r-old');
    expect(after).toHaveLength(old.length + 1);
    expect(record.slice(old.length).map((e) => e.data)).toEqual([
      { recordId: 'r-old', obligationId: 'obligation-1', cancelledOn: '2026-11-20', reason: 'LISTING_REVOKED' },
    ]);
    const [cancelled] = after.slice(old.length);
    expect(cancelled).toMatchObject({
      type: 'AccountabilityObligationCancelled',
      metadata: { causationId: decision.id, commandId: `cancel-revoked-lapse-obligations:${decision.id}`, actor: { sub: SAGA, role: 'system' } },
    });
    // No obligation was required anew of p-liu (the leader-correction saga ran on the same log).
    expect(after.filter((e) => e.type === 'AccountabilityRequired')).toHaveLength(1);
    expect(await queueOf(test, 'r-old')).toEqual([]);
    const trace = await test.http.get('/v1/records/r-old/accountability-trace').set(test.auth('discipline')).expect(200);
    expect(trace.body.obligations.map((o: { obligationId: string; status: string; cancelReason?: string }) => [o.obligationId, o.status, o.cancelReason])).toEqual([['obligation-1', 'CANCELLED', 'LISTING_REVOKED']]);

    // A restart appends nothing more; nor does a replay of every saga from the start of the log.
    test = await test.restart('2026-12-08');
    await sagasCaughtUp(test);
    expect(await test.store.readStream('record-r-old')).toHaveLength(after.length);
    await test.app.get<DataSource>(READ_STORE).query('DELETE FROM process_checkpoints');
    test = await test.restart('2026-12-08');
    await sagasCaughtUp(test);
    expect(await test.store.readStream('record-r-old')).toHaveLength(after.length);
  });

  it('on a log written since, the decision cancels the obligation itself and the saga appends nothing', async () => {
    test = await TestLedger.start({}, '2026-11-22');
    const writer = new DomainWriter(test, USCC);
    await writer.institution();
    await writer.recordWithOrder('r-new', '2026-11-10');
    await test.http.post('/v1/admin/deadline-sweep').set(test.auth('credit-office')).send({}).expect(200);
    expect(await queueOf(test, 'r-new')).toHaveLength(1);
    const filed = await test.http
      .post('/v1/records/r-new/objections')
      .set(test.auth('credit-office'))
      .send({ filedOn: '2026-11-15', grounds: '整改已按期完成' })
      .expect(201);
    await test.http
      .post(`/v1/records/r-new/objections/${filed.body.objectionId}/decision`)
      .set(test.auth('credit-office'))
      .send({ decidedOn: '2026-11-20', outcome: 'LISTING_REVOKED', reason: '整改按期完成，列入有误' })
      .expect(200);
    const written = await test.store.readStream('record-r-new');
    const decision = written.find((e) => e.type === 'ObjectionDecided')!;
    await sagasCaughtUp(test);

    const record = await test.store.readStream('record-r-new');
    expect(record).toHaveLength(written.length);
    const cancellations = record.filter((e) => e.type === 'AccountabilityObligationCancelled');
    expect(cancellations).toHaveLength(1);
    expect(cancellations[0]).toMatchObject({ data: { obligationId: 'obligation-1', cancelledOn: '2026-11-20', reason: 'LISTING_REVOKED' } });
    expect(cancellations[0].metadata.commandId).toBe(decision.metadata.commandId);
    expect(record.some((e) => (e.metadata.actor as { sub?: string } | undefined)?.sub === SAGA)).toBe(false);
    expect(await queueOf(test, 'r-new')).toEqual([]);
  });
});
