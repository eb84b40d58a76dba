import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, CommandContext, ExpectedRevision, LedgerAppendResult, NewEvent } from '@app/event-store';
import { EventLedger, SqliteEventStore } from '@app/event-store';
import { listedHistory, RECORD_ID, USCC } from '@app/domain/testing/record-fixtures';
import { withSchemaVersion } from '../command-handling/upcasting';
import { StreamIndex } from '../stream-index/stream-index';
import { RevokeExemplarsForListingCommand } from './revoke-exemplars-for-listing.command';
import { RevokeExemplarsForListingHandler } from './revoke-exemplars-for-listing.handler';

const context = (commandId: string): CommandContext => ({ commandId, actor: { sub: 'test', role: 'credit-office' } });
const clock: Clock = { now: () => new Date('2025-06-01T02:00:00.000Z') };

/** A ledger where someone revokes title `raced` by hand just before the saga's first append to it. */
class RacedLedger extends EventLedger {
  armed = false;
  private raced = false;
  constructor(
    store: SqliteEventStore,
    private readonly title: string,
    private readonly on = '2025-03-15',
  ) {
    super(store, { now: () => clock.now() });
  }

  override async append(streamId: string, events: NewEvent[], expected: ExpectedRevision, ctx: CommandContext): Promise<LedgerAppendResult> {
    if (this.armed && !this.raced && streamId === `exemplar-${this.title}`) {
      this.raced = true;
      const manual = { type: 'ExemplarRevoked', data: { exemplarId: this.title, on: this.on, reason: '主动撤销' } };
      await super.append(streamId, [withSchemaVersion(manual)], expected, context('by-hand'));
    }
    return super.append(streamId, events, expected, ctx);
  }
}

describe('listing saga: a title revoked by hand while it runs', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-saga-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('from a later day than the listing, it is superseded (kept aside), and the institution’s other titles are revoked too', async () => {
    const ledger = new RacedLedger(store, 'ex-a', '2025-04-15');
    for (const exemplarId of ['ex-a', 'ex-b']) {
      const designated = { type: 'ExemplarDesignated', data: { exemplarId, subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信建设示范单位', basis: '评定', designatedOn: '2025-01-01' } };
      await ledger.append(`exemplar-${exemplarId}`, [withSchemaVersion(designated)], 'no_stream', context(`designate-${exemplarId}`));
    }
    await ledger.append(`record-${RECORD_ID}`, listedHistory.map(withSchemaVersion), 'no_stream', context('record'));
    const [listing] = (await store.readStream(`record-${RECORD_ID}`)).filter((e) => e.type === 'InstitutionListed');
    ledger.armed = true;
    expect(await new RevokeExemplarsForListingHandler(ledger, new StreamIndex(store), clock).execute(new RevokeExemplarsForListingCommand(listing))).toBe(2);
    expect((await store.readStream('exemplar-ex-a')).map((e) => [e.type, e.data.reason, e.data.on])).toEqual([
      ['ExemplarDesignated', undefined, undefined],
      ['ExemplarRevoked', '主动撤销', '2025-04-15'],
      ['ExemplarRevoked', 'JOINT_PUNISHMENT', '2025-04-01'],
    ]);
  });

  it('from an earlier day than the listing, it stands and the title is skipped; the institution’s other titles are still revoked', async () => {
    const ledger = new RacedLedger(store, 'ex-a');
    for (const exemplarId of ['ex-a', 'ex-b']) {
      const designated = { type: 'ExemplarDesignated', data: { exemplarId, subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信建设示范单位', basis: '评定', designatedOn: '2025-01-01' } };
      await ledger.append(`exemplar-${exemplarId}`, [withSchemaVersion(designated)], 'no_stream', context(`designate-${exemplarId}`));
    }
    await ledger.append(`record-${RECORD_ID}`, listedHistory.map(withSchemaVersion), 'no_stream', context('record'));
    const [listing] = (await store.readStream(`record-${RECORD_ID}`)).filter((e) => e.type === 'InstitutionListed');

    const handler = new RevokeExemplarsForListingHandler(ledger, new StreamIndex(store), clock);
    ledger.armed = true;
    expect(await handler.execute(new RevokeExemplarsForListingCommand(listing))).toBe(1);

    expect((await store.readStream('exemplar-ex-a')).map((e) => [e.type, e.data.reason])).toEqual([
      ['ExemplarDesignated', undefined],
      ['ExemplarRevoked', '主动撤销'],
    ]);
    expect((await store.readStream('exemplar-ex-b')).map((e) => [e.type, e.data.reason])).toEqual([
      ['ExemplarDesignated', undefined],
      ['ExemplarRevoked', 'JOINT_PUNISHMENT'],
    ]);
  });
});

describe('listing saga: a listing revoked as wrong', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-saga-revoked-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('revokes no title, also when it was revoked after a repair had ended it (a log without a second delisting)', async () => {
    const ledger = new EventLedger(store, { now: () => clock.now() });
    const designated = { type: 'ExemplarDesignated', data: { exemplarId: 'ex-a', subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信建设示范单位', basis: '评定', designatedOn: '2025-01-01' } };
    await ledger.append('exemplar-ex-a', [withSchemaVersion(designated)], 'no_stream', context('designate'));
    const afterRepair = [
      ...listedHistory,
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-05-10', reason: 'REPAIRED' } },
      { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-05-12', grounds: '整改按期' } },
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-05-15', outcome: 'LISTING_REVOKED', reason: '列入有误' } },
    ];
    await ledger.append(`record-${RECORD_ID}`, afterRepair.map(withSchemaVersion), 'no_stream', context('record'));
    const [listing] = (await store.readStream(`record-${RECORD_ID}`)).filter((e) => e.type === 'InstitutionListed');
    const handler = new RevokeExemplarsForListingHandler(ledger, new StreamIndex(store), clock);
    expect(await handler.execute(new RevokeExemplarsForListingCommand(listing))).toBe(0);
    expect((await store.readStream('exemplar-ex-a')).map((e) => e.type)).toEqual(['ExemplarDesignated']);
  });
});
