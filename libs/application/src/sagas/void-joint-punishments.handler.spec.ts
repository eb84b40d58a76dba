import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandBus } from '@nestjs/cqrs';
import type { Clock, CommandContext } from '@app/event-store';
import { EventLedger, SqliteEventStore } from '@app/event-store';
import { listedHistory, RECORD_ID, USCC } from '@app/domain/testing/record-fixtures';
import { withSchemaVersion } from '../command-handling/upcasting';
import { StreamIndex } from '../stream-index/stream-index';
import { RevokeDesignationIfListedCommand } from './revoke-designation-if-listed.command';
import { RevokeDesignationIfListedHandler } from './revoke-designation-if-listed.handler';
import { RevokeExemplarsForListingCommand } from './revoke-exemplars-for-listing.command';
import { RevokeExemplarsForListingHandler } from './revoke-exemplars-for-listing.handler';
import { VoidJointPunishmentsCommand } from './void-joint-punishments.command';
import { VoidJointPunishmentsHandler } from './void-joint-punishments.handler';

const context = (commandId: string): CommandContext => ({ commandId, actor: { sub: 'test', role: 'credit-office' } });
const clock: Clock = { now: () => new Date('2025-06-01T02:00:00.000Z') };
const OTHER = 'r-2025-002';

const designated = (exemplarId: string) =>
  withSchemaVersion({ type: 'ExemplarDesignated', data: { exemplarId, subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信建设示范单位', basis: '评定', designatedOn: '2025-01-01' } });
const jointPunishment = (exemplarId: string, recordId: string, on = '2025-04-01') =>
  withSchemaVersion({ type: 'ExemplarRevoked', data: { exemplarId, on, reason: 'JOINT_PUNISHMENT', causedByRecordId: recordId } });
const listingRevokedOf = (recordId: string) => [
  { type: 'ObjectionFiled', data: { recordId, objectionId: 'obj-1', filedOn: '2025-05-02', grounds: '整改按期完成' } },
  { type: 'ObjectionDecided', data: { recordId, objectionId: 'obj-1', decidedOn: '2025-05-09', outcome: 'LISTING_REVOKED', reason: '列入有误' } },
  { type: 'InstitutionDelisted', data: { recordId, uscc: USCC, delistedOn: '2025-05-09', reason: 'LISTING_REVOKED' } },
];
const listingRevoked = listingRevokedOf(RECORD_ID);
/** The same listed history for another record of the institution, listed on `listedOn`. */
const listedAs = (recordId: string, listedOn = '2025-04-01') => JSON.parse(JSON.stringify(listedHistory).split(RECORD_ID).join(recordId).split('2025-04-01').join(listedOn)) as typeof listedHistory;

describe('listing revocation saga: the titles a listing found wrong had revoked', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: EventLedger;
  let handler: VoidJointPunishmentsHandler;
  let index: StreamIndex;
  let listingSaga: RevokeExemplarsForListingHandler;
  /** Fails the listing saga's command this many times more (a read store or network hiccup). */
  let failures = 0;
  const types = async (exemplarId: string) => (await store.readStream(`exemplar-${exemplarId}`)).map((e) => [e.type, e.data.causedByRecordId ?? e.data.recordId]);
  const eventOf = async (streamId: string, type: string) => (await store.readStream(streamId)).filter((e) => e.type === type).pop()!;

  /**
   * Title ex-a revoked by the listing of RECORD_ID; other records listed after that (their sagas
   * found the title revoked and revoked nothing), in this order; then RECORD_ID's listing found
   * wrong. Returns the decision.
   */
  const titleRevokedThenListingFoundWrong = async (others: Array<[recordId: string, listedOn: string]>) => {
    await ledger.append('exemplar-ex-a', [designated('ex-a')], 'no_stream', context('designate'));
    await ledger.append(`record-${RECORD_ID}`, listedHistory.map(withSchemaVersion), 'no_stream', context('record'));
    await ledger.append('exemplar-ex-a', [jointPunishment('ex-a', RECORD_ID)], 0, context('saga'));
    for (const [recordId, listedOn] of others) {
      await ledger.append(`record-${recordId}`, listedAs(recordId, listedOn).map(withSchemaVersion), 'no_stream', context(recordId));
    }
    await ledger.append(`record-${RECORD_ID}`, listingRevoked.map(withSchemaVersion), listedHistory.length - 1, context('objection'));
    return eventOf(`record-${RECORD_ID}`, 'ObjectionDecided');
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-saga-void-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    ledger = new EventLedger(store, { now: () => clock.now() });
    index = new StreamIndex(store);
    listingSaga = new RevokeExemplarsForListingHandler(ledger, index, clock);
    failures = 0;
    // The command bus as the handler uses it: the listing saga's own command, run by its real handler.
    const commands = {
      execute: async (command: RevokeExemplarsForListingCommand) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('connection reset');
        }
        return listingSaga.execute(command);
      },
    } as unknown as CommandBus;
    handler = new VoidJointPunishmentsHandler(ledger, index, commands, clock);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('voids a revocation appended after the decision (the listing saga read the record before it), once whichever event triggers it', async () => {
    await ledger.append('exemplar-ex-a', [designated('ex-a')], 'no_stream', context('designate'));
    await ledger.append(`record-${RECORD_ID}`, [...listedHistory, ...listingRevoked].map(withSchemaVersion), 'no_stream', context('record'));
    await ledger.append('exemplar-ex-a', [jointPunishment('ex-a', RECORD_ID)], 0, context('late-saga'));

    // The decision's trigger found nothing when it ran before the revocation; the revocation's finds the decision.
    const revocation = await eventOf('exemplar-ex-a', 'ExemplarRevoked');
    expect(await handler.execute(new VoidJointPunishmentsCommand(revocation))).toBe(1);
    expect(await types('ex-a')).toEqual([
      ['ExemplarDesignated', undefined],
      ['ExemplarRevoked', RECORD_ID],
      ['ExemplarRevocationVoided', RECORD_ID],
    ]);
    const voided = await eventOf('exemplar-ex-a', 'ExemplarRevocationVoided');
    expect(voided.data).toEqual({ exemplarId: 'ex-a', recordId: RECORD_ID, voidedOn: '2025-05-09', reason: 'LISTING_REVOKED', objectionId: 'obj-1' });
    expect(voided.metadata).toMatchObject({ causationId: revocation.id, actor: { sub: 'saga:listing-revocation-restores-exemplars', role: 'system' } });

    // Both triggers again (a replay from the start): nothing voided twice.
    const decision = await eventOf(`record-${RECORD_ID}`, 'ObjectionDecided');
    expect(await handler.execute(new VoidJointPunishmentsCommand(decision))).toBe(0);
    expect(await handler.execute(new VoidJointPunishmentsCommand(revocation))).toBe(0);
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(3);
  });

  it('leaves a title revoked while its listing stands, and one revoked by hand', async () => {
    await ledger.append('exemplar-ex-a', [designated('ex-a')], 'no_stream', context('designate-a'));
    await ledger.append('exemplar-ex-b', [designated('ex-b')], 'no_stream', context('designate-b'));
    await ledger.append(`record-${RECORD_ID}`, listedHistory.map(withSchemaVersion), 'no_stream', context('record'));
    await ledger.append('exemplar-ex-a', [jointPunishment('ex-a', RECORD_ID)], 0, context('saga'));
    const revocation = await eventOf('exemplar-ex-a', 'ExemplarRevoked');
    expect(await handler.execute(new VoidJointPunishmentsCommand(revocation))).toBe(0);

    const byHand = withSchemaVersion({ type: 'ExemplarRevoked', data: { exemplarId: 'ex-b', on: '2025-03-01', reason: '主动撤销' } });
    await ledger.append('exemplar-ex-b', [byHand], 0, context('by-hand'));
    await ledger.append(`record-${RECORD_ID}`, listingRevoked.map(withSchemaVersion), listedHistory.length - 1, context('objection'));
    const decision = await eventOf(`record-${RECORD_ID}`, 'ObjectionDecided');
    expect(await handler.execute(new VoidJointPunishmentsCommand(decision))).toBe(1);
    expect((await types('ex-a')).map(([type]) => type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked', 'ExemplarRevocationVoided']);
    expect((await types('ex-b')).map(([type]) => type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked']);
  });

  it('a title restored falls to another listing of the institution that stood while it was in force', async () => {
    const decision = await titleRevokedThenListingFoundWrong([[OTHER, '2025-04-01']]);
    expect(await handler.execute(new VoidJointPunishmentsCommand(decision))).toBe(1);
    expect(await types('ex-a')).toEqual([
      ['ExemplarDesignated', undefined],
      ['ExemplarRevoked', RECORD_ID],
      ['ExemplarRevocationVoided', RECORD_ID],
      ['ExemplarRevoked', OTHER],
    ]);
    const last = await eventOf('exemplar-ex-a', 'ExemplarRevoked');
    expect(last.data).toEqual({ exemplarId: 'ex-a', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: OTHER });
    // That revocation's own trigger: its listing stands, so it stays.
    expect(await handler.execute(new VoidJointPunishmentsCommand(last))).toBe(0);
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(4);
  });

  it('after a failure between the voiding and the other listings, the retry still hands the title to them', async () => {
    const decision = await titleRevokedThenListingFoundWrong([[OTHER, '2025-04-01']]);

    failures = 1;
    await expect(handler.execute(new VoidJointPunishmentsCommand(decision))).rejects.toThrow('connection reset');
    expect((await types('ex-a')).map(([type]) => type)).toEqual(['ExemplarDesignated', 'ExemplarRevoked', 'ExemplarRevocationVoided']);
    // The saga runner's retry (or a restart from the checkpoint): the voiding is in the log already.
    expect(await handler.execute(new VoidJointPunishmentsCommand(decision))).toBe(0);
    expect((await types('ex-a')).slice(2)).toEqual([
      ['ExemplarRevocationVoided', RECORD_ID],
      ['ExemplarRevoked', OTHER],
    ]);
  });

  it('the earliest listed of the other listings takes the title, with its date, not the first record entered', async () => {
    const decision = await titleRevokedThenListingFoundWrong([
      ['r-late', '2025-06-01'],
      ['r-early', '2025-04-15'],
    ]);
    expect(await handler.execute(new VoidJointPunishmentsCommand(decision))).toBe(1);
    const last = await eventOf('exemplar-ex-a', 'ExemplarRevoked');
    expect(last.data).toEqual({ exemplarId: 'ex-a', on: '2025-04-15', reason: 'JOINT_PUNISHMENT', causedByRecordId: 'r-early' });
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(4);
  });

  it('a designation appended after listings it overlaps goes from the earliest of them (the designation saga, same order)', async () => {
    await ledger.append('record-r-late', listedAs('r-late', '2025-06-01').map(withSchemaVersion), 'no_stream', context('late'));
    await ledger.append('record-r-early', listedAs('r-early', '2025-04-15').map(withSchemaVersion), 'no_stream', context('early'));
    await ledger.append('exemplar-ex-a', [designated('ex-a')], 'no_stream', context('designate'));
    const commands = { execute: (command: RevokeExemplarsForListingCommand) => listingSaga.execute(command) } as unknown as CommandBus;
    const designationSaga = new RevokeDesignationIfListedHandler(ledger, index, commands);
    expect(await designationSaga.execute(new RevokeDesignationIfListedCommand(await eventOf('exemplar-ex-a', 'ExemplarDesignated')))).toBe(1);
    expect((await eventOf('exemplar-ex-a', 'ExemplarRevoked')).data).toMatchObject({ on: '2025-04-15', causedByRecordId: 'r-early' });
  });

  it('a listing appended later but listed earlier takes the title from its day; found wrong, the other listing takes it again from its own', async () => {
    await ledger.append('exemplar-ex-a', [designated('ex-a')], 'no_stream', context('designate'));
    const listingSagaFor = async (recordId: string) => listingSaga.execute(new RevokeExemplarsForListingCommand(await eventOf(`record-${recordId}`, 'InstitutionListed')));
    await ledger.append('record-r-late', listedAs('r-late', '2025-06-01').map(withSchemaVersion), 'no_stream', context('late'));
    expect(await listingSagaFor('r-late')).toBe(1);
    // Its lapse entered late: listed from 2025-04-15, before the other.
    await ledger.append('record-r-early', listedAs('r-early', '2025-04-15').map(withSchemaVersion), 'no_stream', context('early'));
    expect(await listingSagaFor('r-early')).toBe(1);
    const revokedOn = async () => (await store.readStream('exemplar-ex-a')).filter((e) => e.type === 'ExemplarRevoked').map((e) => [e.data.causedByRecordId, e.data.on]);
    expect(await revokedOn()).toEqual([
      ['r-late', '2025-06-01'],
      ['r-early', '2025-04-15'],
    ]);
    // Replayed, neither listing revokes it again.
    expect(await listingSagaFor('r-late')).toBe(0);
    expect(await listingSagaFor('r-early')).toBe(0);

    await ledger.append('record-r-early', listingRevokedOf('r-early').map(withSchemaVersion), listedHistory.length - 1, context('objection'));
    const decision = await eventOf('record-r-early', 'ObjectionDecided');
    expect(await handler.execute(new VoidJointPunishmentsCommand(decision))).toBe(1);
    expect((await types('ex-a')).map(([type, cause]) => `${type}:${cause ?? ''}`)).toEqual([
      'ExemplarDesignated:',
      'ExemplarRevoked:r-late',
      'ExemplarRevoked:r-early',
      'ExemplarRevocationVoided:r-early',
      'ExemplarRevoked:r-late',
    ]);
    expect((await revokedOn()).pop()).toEqual(['r-late', '2025-06-01']);
    // Every trigger again (a replay from the start): nothing more.
    expect(await handler.execute(new VoidJointPunishmentsCommand(decision))).toBe(0);
    expect(await listingSagaFor('r-late')).toBe(0);
    expect(await listingSagaFor('r-early')).toBe(0);
    for (const revocation of (await store.readStream('exemplar-ex-a')).filter((e) => e.type === 'ExemplarRevoked')) {
      expect(await handler.execute(new VoidJointPunishmentsCommand(revocation))).toBe(0);
    }
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(5);
  });
});
