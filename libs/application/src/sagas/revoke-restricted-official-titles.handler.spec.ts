import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, CommandContext, StoredEvent } from '@app/event-store';
import { EventLedger, SqliteEventStore } from '@app/event-store';
import { findingOn, listedHistory, officialRecorded, RECORD_ID, recorded } from '@app/domain/testing/record-fixtures';
import { withSchemaVersion } from '../command-handling/upcasting';
import { loadExemplar } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { RevokeRestrictedOfficialTitlesCommand } from './revoke-restricted-official-titles.command';
import { RevokeRestrictedOfficialTitlesHandler } from './revoke-restricted-official-titles.handler';

const context = (commandId: string): CommandContext => ({ commandId, actor: { sub: 'test', role: 'credit-office' } });
const clock: Clock = { now: () => new Date('2025-07-01T02:00:00.000Z') };
const OTHER = 'r-2025-002';

const title = (exemplarId: string, designatedOn = '2024-06-01', personId = 'p-zhao') =>
  withSchemaVersion({ type: 'ExemplarDesignated', data: { exemplarId, subject: { kind: 'OFFICIAL', id: personId }, title: '诚信之星', basis: '评定', designatedOn } });
/** officialRecorded (SERIOUS, p-zhao) under another id and finding day. */
const officialRecord = (recordId: string, on = '2025-01-10') => withSchemaVersion(officialRecorded({ recordId, finding: findingOn(on) }));
const corrected = (recordId: string, field: 'severity' | 'findingOn', oldValue: string, newValue: string) =>
  [
    { type: 'ObjectionFiled', data: { recordId, objectionId: 'obj-1', filedOn: '2025-06-01', grounds: '认定有误' } },
    { type: 'ObjectionDecided', data: { recordId, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome: 'CORRECTED', reason: '复核' } },
    { type: 'RecordCorrected', data: { recordId, objectionId: 'obj-1', correctedOn: '2025-06-10', changes: [{ field, oldValue, newValue }] } },
  ].map(withSchemaVersion);

describe('restriction saga: an official\'s titles against the official\'s records, whichever was entered first', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: EventLedger;
  let handler: RevokeRestrictedOfficialTitlesHandler;
  const exemplarEvents = async (exemplarId: string) => (await store.readStream(`exemplar-${exemplarId}`)).map((e) => [e.type, e.data.on ?? e.data.reason ?? null, e.data.causedByRecordId ?? e.data.recordId ?? null]);
  const last = async (streamId: string): Promise<StoredEvent> => (await store.readStream(streamId)).pop()!;
  const run = async (trigger: StoredEvent) => handler.execute(new RevokeRestrictedOfficialTitlesCommand(trigger));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-saga-restriction-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    ledger = new EventLedger(store, { now: () => clock.now() });
    handler = new RevokeRestrictedOfficialTitlesHandler(ledger, new StreamIndex(store), clock);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('revokes a title in force on the finding day of a record entered after it, from that day, once whichever event triggers it', async () => {
    await ledger.append('exemplar-ex-a', [title('ex-a')], 'no_stream', context('designate'));
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID)], 'no_stream', context('record'));
    const recordedEvent = await last(`record-${RECORD_ID}`);

    expect(await run(recordedEvent)).toBe(1);
    expect(await exemplarEvents('ex-a')).toEqual([
      ['ExemplarDesignated', null, null],
      ['ExemplarRevoked', '2025-01-10', RECORD_ID],
    ]);
    const revocation = await last('exemplar-ex-a');
    expect(revocation.data).toEqual({ exemplarId: 'ex-a', on: '2025-01-10', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID });
    expect(revocation.metadata).toMatchObject({ causationId: recordedEvent.id, actor: { sub: 'saga:official-restriction-revokes-exemplars', role: 'system' } });

    // Replays from the start, and the designation's own trigger: nothing twice.
    expect(await run(recordedEvent)).toBe(0);
    const designation = (await store.readStream('exemplar-ex-a'))[0];
    expect(await run(designation)).toBe(0);
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(2);
  });

  it('a designation appended after the record (decided before it was written) is revoked by its own trigger', async () => {
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID)], 'no_stream', context('record'));
    await ledger.append('exemplar-ex-a', [title('ex-a', '2024-12-01')], 'no_stream', context('designate'));
    expect(await run(await last('exemplar-ex-a'))).toBe(1);
    expect((await last('exemplar-ex-a')).data).toMatchObject({ on: '2025-01-10', causedByRecordId: RECORD_ID });
  });

  it('voids the revocation when a correction makes the record MINOR, and appends nothing more on a replay', async () => {
    await ledger.append('exemplar-ex-a', [title('ex-a')], 'no_stream', context('designate'));
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID)], 'no_stream', context('record'));
    await run(await last(`record-${RECORD_ID}`));
    await ledger.append(`record-${RECORD_ID}`, corrected(RECORD_ID, 'severity', 'SERIOUS', 'MINOR'), 0, context('objection'));
    const correction = await last(`record-${RECORD_ID}`);

    expect(await run(correction)).toBe(1);
    const voided = await last('exemplar-ex-a');
    expect(voided.data).toEqual({ exemplarId: 'ex-a', recordId: RECORD_ID, voidedOn: '2025-06-10', reason: 'RECORD_CORRECTED', objectionId: 'obj-1' });
    expect(voided.metadata).toMatchObject({ causationId: correction.id });
    expect(await run(correction)).toBe(0);
    expect(await run((await store.readStream(`record-${RECORD_ID}`))[0])).toBe(0);
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(3);
  });

  it('a finding corrected to a later day voids the revocation and revokes the title again from the new day, in one run', async () => {
    await ledger.append('exemplar-ex-a', [title('ex-a')], 'no_stream', context('designate'));
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID)], 'no_stream', context('record'));
    await run(await last(`record-${RECORD_ID}`));
    await ledger.append(`record-${RECORD_ID}`, corrected(RECORD_ID, 'findingOn', '2025-01-10', '2025-02-20'), 0, context('objection'));

    expect(await run(await last(`record-${RECORD_ID}`))).toBe(2);
    expect(await exemplarEvents('ex-a')).toEqual([
      ['ExemplarDesignated', null, null],
      ['ExemplarRevoked', '2025-01-10', RECORD_ID],
      ['ExemplarRevocationVoided', 'RECORD_CORRECTED', RECORD_ID],
      ['ExemplarRevoked', '2025-02-20', RECORD_ID],
    ]);
    // Every trigger again, in log order (a replay from the start): nothing more.
    for (const event of [...(await store.readStream(`record-${RECORD_ID}`)), ...(await store.readStream('exemplar-ex-a')).slice(0, 1)]) expect(await run(event)).toBe(0);
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(4);
  });

  it.each([
    [
      'the record revoked by an objection (its publication ended in the same append)',
      [
        { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-06-01', grounds: '认定错误' } },
        { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome: 'RECORD_REVOKED', reason: '认定错误' } },
        { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-1', revokedOn: '2025-06-10', reason: '认定错误' } },
        { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-06-10', reason: 'RECORD_REVOKED' } },
      ],
      { voidedOn: '2025-06-10', reason: 'RECORD_REVOKED', objectionId: 'obj-1' },
    ],
    [
      'an exempting mitigation decided by the finding day, entered late',
      [{ type: 'MitigationDecided', data: { recordId: RECORD_ID, personId: 'p-zhao', decidedOn: '2025-01-10', effect: 'EXEMPTED', basis: '主动挽回损失' } }],
      { voidedOn: '2025-01-10', reason: 'MITIGATION_EXEMPTED' },
    ],
    [
      'its publication ended by the finding day, entered late',
      [{ type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-01-10', reason: 'REPAIRED' } }],
      { voidedOn: '2025-01-10', reason: 'PUBLICATION_ENDED' },
    ],
  ])('voids the revocation once when %s, whichever of its events triggers first', async (_case, change, expected) => {
    await ledger.append('exemplar-ex-a', [title('ex-a')], 'no_stream', context('designate'));
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID)], 'no_stream', context('record'));
    await run(await last(`record-${RECORD_ID}`));
    await ledger.append(`record-${RECORD_ID}`, change.map(withSchemaVersion), 0, context('change'));
    const appended = [];
    for (const event of (await store.readStream(`record-${RECORD_ID}`)).slice(1)) appended.push(await run(event));
    expect(appended.reduce((a, b) => a + b, 0)).toBe(1);
    const voided = await last('exemplar-ex-a');
    expect(voided.type).toBe('ExemplarRevocationVoided');
    expect(voided.data).toEqual({ exemplarId: 'ex-a', recordId: RECORD_ID, ...expected });
  });

  it('the earliest restricted day over the official\'s records: a record found earlier supersedes a revocation from a later day', async () => {
    await ledger.append('exemplar-ex-a', [title('ex-a')], 'no_stream', context('designate'));
    await ledger.append(`record-${OTHER}`, [officialRecord(OTHER, '2025-03-01')], 'no_stream', context('other'));
    await run(await last(`record-${OTHER}`));
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID, '2025-01-10')], 'no_stream', context('record'));
    expect(await run(await last(`record-${RECORD_ID}`))).toBe(1);
    expect(await exemplarEvents('ex-a')).toEqual([
      ['ExemplarDesignated', null, null],
      ['ExemplarRevoked', '2025-03-01', OTHER],
      ['ExemplarRevoked', '2025-01-10', RECORD_ID],
    ]);
  });

  it('supersedes a revocation by hand from a later day; the record revoked as wrong, the one by hand is in force again', async () => {
    await ledger.append('exemplar-ex-a', [title('ex-a'), withSchemaVersion({ type: 'ExemplarRevoked', data: { exemplarId: 'ex-a', on: '2025-02-01', reason: '主动撤销' } })], 'no_stream', context('a'));
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID)], 'no_stream', context('record'));
    expect(await run(await last(`record-${RECORD_ID}`))).toBe(1);
    const revoked = [
      { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-06-01', grounds: '认定错误' } },
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome: 'RECORD_REVOKED', reason: '认定错误' } },
      { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-1', revokedOn: '2025-06-10', reason: '认定错误' } },
    ];
    await ledger.append(`record-${RECORD_ID}`, revoked.map(withSchemaVersion), 0, context('objection'));
    expect(await run(await last(`record-${RECORD_ID}`))).toBe(1);
    expect(await exemplarEvents('ex-a')).toEqual([
      ['ExemplarDesignated', null, null],
      ['ExemplarRevoked', '2025-02-01', null],
      ['ExemplarRevoked', '2025-01-10', RECORD_ID],
      ['ExemplarRevocationVoided', 'RECORD_REVOKED', RECORD_ID],
    ]);
    const { state } = await loadExemplar(ledger, 'ex-a');
    expect(state).toMatchObject({ revoked: { on: '2025-02-01', reason: '主动撤销' } });
    for (const event of await store.readStream(`record-${RECORD_ID}`)) expect(await run(event)).toBe(0);
  });

  it('leaves alone a title revoked by hand from an earlier day, another official\'s title, and anything a record about an institution triggers', async () => {
    await ledger.append('exemplar-ex-a', [title('ex-a'), withSchemaVersion({ type: 'ExemplarRevoked', data: { exemplarId: 'ex-a', on: '2025-01-05', reason: '主动撤销' } })], 'no_stream', context('a'));
    await ledger.append('exemplar-ex-b', [title('ex-b', '2024-06-01', 'p-qian')], 'no_stream', context('b'));
    await ledger.append(`record-${RECORD_ID}`, [officialRecord(RECORD_ID)], 'no_stream', context('record'));
    expect(await run(await last(`record-${RECORD_ID}`))).toBe(0);
    await ledger.append(`record-${OTHER}`, JSON.parse(JSON.stringify([recorded(), ...listedHistory.slice(1)]).split(RECORD_ID).join(OTHER)).map(withSchemaVersion), 'no_stream', context('inst'));
    for (const event of await store.readStream(`record-${OTHER}`)) expect(await run(event)).toBe(0);
    expect(await store.readStream('exemplar-ex-a')).toHaveLength(2);
    expect(await store.readStream('exemplar-ex-b')).toHaveLength(1);
  });
});
