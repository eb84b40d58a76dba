import { StoredEvent } from '../event-store.port';
import { computeEventHash, GENESIS_HASH } from '../integrity/hash-chain';
import { verifyStream } from './stream-verifier';

/** A stream of `count` chained events at the given positions. */
function chain(streamId: string, positions: number[]): StoredEvent[] {
  let prevHash = GENESIS_HASH;
  return positions.map((position, revision) => {
    const data = { n: revision };
    const metadata: Record<string, unknown> = { eventId: `e-${position}`, recordedAt: '2026-01-01T00:00:00.000Z', prevHash };
    const hash = computeEventHash(prevHash, { streamId, revision, type: 'Noted', data, metadata });
    prevHash = hash;
    return { position, streamId, revision, id: `e-${position}`, type: 'Noted', data, metadata: { ...metadata, hash }, logDigest: 'not-this-stream' };
  });
}

describe('verifyStream: one stream’s chain with the log verifier’s rules', () => {
  it('accepts an intact stream spread over the log, whatever the anchored log digests say', async () => {
    expect(await verifyStream(chain('record-1', [3, 7, 8, 20]))).toMatchObject({ ok: true, checkedEvents: 4, position: 20 });
    expect(await verifyStream([])).toMatchObject({ ok: true, checkedEvents: 0 });
  });

  it('names the first bad position: changed data, a missing revision, a broken link, rows out of order', async () => {
    const changed = chain('record-1', [3, 7, 8]);
    changed[1] = { ...changed[1], data: { n: 99 } };
    expect(await verifyStream(changed)).toMatchObject({ ok: false, firstBadPosition: 7, problem: 'HASH_MISMATCH' });

    const gap = chain('record-1', [3, 7, 8]).filter((e) => e.revision !== 1);
    expect(await verifyStream(gap)).toMatchObject({ ok: false, firstBadPosition: 8, problem: 'REVISION_GAP' });

    const relinked = chain('record-1', [3, 7, 8]);
    relinked[2] = { ...relinked[2], metadata: { ...relinked[2].metadata, prevHash: GENESIS_HASH } };
    expect(await verifyStream(relinked)).toMatchObject({ ok: false, firstBadPosition: 8, problem: 'BROKEN_CHAIN' });

    const swapped = chain('record-1', [3, 7, 8]);
    [swapped[0].position, swapped[2].position] = [swapped[2].position, swapped[0].position];
    expect(await verifyStream(swapped)).toMatchObject({ ok: false, firstBadPosition: 3, problem: 'REVISION_GAP' });
  });
});
