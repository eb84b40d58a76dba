import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), source: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, source: 'generated', file };
}
