import { readFileSync } from 'node:fs';
import type { LogDigest, SignedLogDigest } from '@app/application/audit';

export type SavedDigest = LogDigest & Partial<Pick<SignedLogDigest, 'signature' | 'publicKey' | 'algorithm'>>;

/** Reads a digest file written by `ledger digest` (or saved from `/v1/audit/digest`). */
export function readSavedDigest(file: string): SavedDigest {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not a digest file: ${(error as Error).message}`);
  }
  const position = String(parsed?.position ?? '');
  if (!/^\d{1,15}$/.test(position) || Number(position) < 1) throw new Error(`${file}: position must be a log position of at least 1`);
  if (typeof parsed.digest !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.digest)) throw new Error(`${file}: digest must be 64 lowercase hex characters`);
  const eventCount = Number(parsed.eventCount ?? NaN);
  return {
    position,
    digest: parsed.digest,
    eventCount,
    ...(parsed.signature !== undefined && { signature: parsed.signature as string }),
    ...(parsed.publicKey !== undefined && { publicKey: parsed.publicKey as string }),
    ...(parsed.algorithm !== undefined && { algorithm: parsed.algorithm as 'Ed25519' }),
  };
}
