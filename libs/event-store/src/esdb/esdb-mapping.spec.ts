import { START, WrongExpectedVersionError } from '@eventstore/db-client';
import { CorruptEventError, WrongExpectedRevisionError } from '../event-store.port';
import {
  assertUuid,
  bigintToSafeNumber,
  compareEsdbPositions,
  esdbPositionToNumber,
  isUserEvent,
  numberToEsdbPosition,
  satisfiesExpectedRevision,
  toEsdbExpectedRevision,
  toStoredEvent,
  toWrongExpectedRevisionError,
  userEventOf,
} from './esdb-mapping';
import { at, recorded } from './testing/esdb-events';

describe('esdb mapping: expected revisions', () => {
  it('passes no_stream and any through and turns revisions into bigints', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('refuses revisions ESDB would misread', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => toEsdbExpectedRevision(bad)).toThrow(RangeError);
    }
  });

  it('checks an expected revision against the current one (empty appends)', () => {
    expect(satisfiesExpectedRevision('any', 'no_stream')).toBe(true);
    expect(satisfiesExpectedRevision('any', 3)).toBe(true);
    expect(satisfiesExpectedRevision('no_stream', 'no_stream')).toBe(true);
    expect(satisfiesExpectedRevision('no_stream', 0)).toBe(false);
    expect(satisfiesExpectedRevision(2, 2)).toBe(true);
    expect(satisfiesExpectedRevision(2, 3)).toBe(false);
    expect(satisfiesExpectedRevision(0, 'no_stream')).toBe(false);
  });

  it("maps the client's WrongExpectedVersionError to the port's typed error", () => {
    const onExisting = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'no_stream', current: 4n });
    const mapped = toWrongExpectedRevisionError(onExisting, 's', 'no_stream');
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 's', expected: 'no_stream', actual: 4, code: 'WRONG_EXPECTED_REVISION' });

    const onMissing = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 'no_stream' });
    expect(toWrongExpectedRevisionError(onMissing, 's', 0)).toMatchObject({ expected: 0, actual: 'no_stream' });
  });
});

describe('esdb mapping: positions', () => {
  it('uses the prepare position as the port position', () => {
    expect(esdbPositionToNumber({ commit: 1234n, prepare: 1234n })).toBe(1234);
    // A legacy explicit transaction shares one commit position; prepare still tells events apart.
    expect(esdbPositionToNumber({ commit: 9000n, prepare: 8800n })).toBe(8800);
  });

  it('maps 0 to the start of $all and other positions to commit = prepare', () => {
    expect(numberToEsdbPosition(0)).toBe(START);
    expect(numberToEsdbPosition(5120)).toEqual({ commit: 5120n, prepare: 5120n });
    expect(() => numberToEsdbPosition(-1)).toThrow(RangeError);
    expect(() => numberToEsdbPosition(0.5)).toThrow(RangeError);
  });

  it('round-trips a position through number and back', () => {
    const original = { commit: 987654321n, prepare: 987654321n };
    expect(numberToEsdbPosition(esdbPositionToNumber(original))).toEqual(original);
  });

  it('refuses positions past 2^53 instead of rounding them', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    expect(bigintToSafeNumber(max, 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => esdbPositionToNumber({ commit: max + 1n, prepare: max + 1n })).toThrow(RangeError);
    expect(() => bigintToSafeNumber(-1n, 'x')).toThrow(RangeError);
  });

  it('orders positions as $all does: commit first, then prepare', () => {
    expect(compareEsdbPositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 0n })).toBe(-1);
    expect(compareEsdbPositions({ commit: 5n, prepare: 7n }, { commit: 5n, prepare: 6n })).toBe(1);
    expect(compareEsdbPositions({ commit: 5n, prepare: 6n }, { commit: 5n, prepare: 6n })).toBe(0);
  });
});

describe('esdb mapping: which events are ours', () => {
  it('keeps JSON events with object data and metadata', () => {
    expect(isUserEvent(recorded())).toBe(true);
    expect(isUserEvent(recorded({ metadata: undefined }))).toBe(true);
  });

  it('skips system, link, binary and non-object events', () => {
    expect(isUserEvent(undefined)).toBe(false);
    expect(isUserEvent(recorded({ type: '$metadata' }))).toBe(false);
    expect(isUserEvent(recorded({ type: '$>' }))).toBe(false);
    expect(isUserEvent(recorded({ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' }))).toBe(false);
    expect(isUserEvent(recorded({ isJson: false, data: new Uint8Array([1]) }))).toBe(false);
    expect(isUserEvent(recorded({ data: [1, 2] }))).toBe(false);
    expect(isUserEvent(recorded({ metadata: new Uint8Array([1]) }))).toBe(false);
    expect(userEventOf(at(100, { type: '$settings' }))).toBeUndefined();
    expect(userEventOf(at(100))?.type).toBe('Happened');
  });

  it('hands over a damaged event of a stream the ledger owns instead of skipping it; toStoredEvent raises CorruptEventError', () => {
    const ownsStream = (streamId: string) => streamId.startsWith('record-');
    const damaged = at(300, { streamId: 'record-r1', isJson: false, data: new Uint8Array([1]) });
    expect(userEventOf(damaged)).toBeUndefined();
    expect(userEventOf(damaged, ownsStream)).toBe(damaged.event);
    expect(userEventOf(at(300, { streamId: 'other-1', data: [1] }), ownsStream)).toBeUndefined();
    // Another application's JSON event is not the ledger's either: skipped, not delivered.
    expect(userEventOf(at(300, { streamId: 'other-1' }), ownsStream)).toBeUndefined();
    expect(userEventOf(at(300, { streamId: 'record-r1' }), ownsStream)?.streamId).toBe('record-r1');
    // Without ownsStream every JSON object event is taken as ours.
    expect(userEventOf(at(300, { streamId: 'other-1' }))?.streamId).toBe('other-1');
    // System events stay the server's, whatever their stream.
    expect(userEventOf(at(300, { streamId: 'record-r1', type: '$>' }), ownsStream)).toBeUndefined();
    const error = (() => {
      try {
        return toStoredEvent(damaged.event!);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({ position: 300, streamId: 'record-r1' });
  });

  it('converts a recorded event into a StoredEvent', () => {
    const event = recorded({
      streamId: 'institution-1',
      revision: 3n,
      type: 'InstitutionRegistered',
      data: { uscc: 'x' },
      metadata: undefined,
      position: { commit: 4096n, prepare: 4096n },
    });
    expect(toStoredEvent(event)).toEqual({
      position: 4096,
      streamId: 'institution-1',
      revision: 3,
      id: event.id,
      type: 'InstitutionRegistered',
      data: { uscc: 'x' },
      metadata: {},
    });
  });

  it('refuses events without a usable position (servers before 22.6) and foreign events', () => {
    expect(() => toStoredEvent(recorded({ position: undefined }))).toThrow(/22\.6/);
    expect(() => toStoredEvent(recorded({ position: { commit: 0n, prepare: 0n } }))).toThrow(/22\.6/);
    expect(() => toStoredEvent(recorded({ isJson: false, data: new Uint8Array() }))).toThrow(/not a JSON object/);
  });

  it('accepts UUID event ids only', () => {
    expect(() => assertUuid('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).not.toThrow();
    expect(() => assertUuid('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).not.toThrow();
    expect(() => assertUuid('cmd-1:0')).toThrow(TypeError);
  });
});
