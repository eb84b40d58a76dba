import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const JWT_SECRET_FILE = 'jwt-secret';

export interface ResolvedSecret {
  secret: string;
  source: 'env' | 'file' | 'generated';
  file?: string;
}

/**
 * The HS256 secret: LEDGER_JWT_SECRET when set; otherwise the one kept in the data dir,
 * generated there (readable by the owner only) on the first start.
 */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): ResolvedSecret {
  if (configured) return { secret: configured, source: 'env' };
  const file = join(dataDir, JWT_SECRET_FILE);
  if (existsSync(file)) return { secret: readSecret(file), source: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // Written whole to a temp file, then linked into place: two processes starting together on one
  // data dir (API and projector) agree on one secret, and neither reads a half-written file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${secret}\n`, { mode: 0o600 });
  try {
    linkSync(temp, file);
    return { secret, source: 'generated', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: readSecret(file), source: 'file', file };
  } finally {
    unlinkSync(temp);
  }
}

function readSecret(file: string): string {
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 16) throw new Error(`${file} does not hold a usable JWT secret (at least 16 characters)`);
  return secret;
}
