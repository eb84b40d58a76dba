import { readFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditVerification, checkDigestSignature, SignatureCheck } from '@app/application/audit';
import { AuditStoreLoader } from './audit-store.loader';
import { progressBar } from './progress';
import { readSavedDigest } from './saved-digest';

interface VerifyOptions {
  fromDigest?: string;
  publicKey?: string;
  json?: boolean;
}

export interface VerifyOutcome extends AuditVerification {
  signature?: SignatureCheck;
}

/**
 * `ledger verify [--from-digest FILE] [--public-key FILE] [--json]`: recomputes every hash, link
 * and the rolling digest; with a saved digest also proves the log up to it unchanged and checks
 * the digest's signature. Exit 0 when everything checks out, 1 when not, 2 on a usage error.
 */
@Command({ name: 'verify', description: 'Verify the whole event log (hashes, chains, digest), optionally against a saved digest' })
export class VerifyCommand extends CommandRunner {
  constructor(private readonly loader: AuditStoreLoader) {
    super();
  }

  async run(_args: string[], options: VerifyOptions): Promise<void> {
    let stores;
    try {
      const saved = options.fromDigest ? readSavedDigest(options.fromDigest) : undefined;
      const pinned = options.publicKey ? readFileSync(options.publicKey, 'utf8') : undefined;
      stores = await this.loader.open();
      const signature = saved && checkDigestSignature(saved, pinned ?? stores.audit.publicKey);
      const progress = progressBar('verify', await stores.store.headPosition());
      const verification = await stores.audit.verify({
        checkpoint: saved && { position: Number(saved.position), digest: saved.digest },
        onProgress: (checked) => progress.update(checked),
      });
      progress.stop();
      const outcome: VerifyOutcome = {
        ...verification,
        ...(signature && { signature }),
        ok: verification.ok && signature?.signature !== 'INVALID' && signature?.key !== 'UNTRUSTED',
      };
      process.stdout.write(options.json ? `${JSON.stringify(outcome, null, 2)}\n` : describe(outcome));
      process.exitCode = outcome.ok ? 0 : 1;
    } catch (error) {
      process.stderr.write(`ledger verify: ${(error as Error).message}\n`);
      process.exitCode = 2;
    } finally {
      await stores?.close();
    }
  }

  @Option({ flags: '-d, --from-digest <file>', description: 'a digest saved earlier with `ledger digest > FILE`: prove the log up to it unchanged' })
  parseFromDigest(value: string): string {
    return value;
  }

  @Option({ flags: '-k, --public-key <file>', description: 'the Ed25519 public key (PEM) the digest must be signed with (default: the ledger\'s own)' })
  parsePublicKey(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the result as JSON' })
  parseJson(): boolean {
    return true;
  }
}

function describe(outcome: VerifyOutcome): string {
  const lines = [
    outcome.ok
      ? `OK: ${outcome.checkedEvents} events checked through position ${outcome.position}; every hash, chain link and the rolling digest check out`
      : `FAILED: first bad position ${outcome.firstBadPosition ?? '(none in the log)'}${outcome.problem ? ` (${outcome.problem})` : ''}`,
  ];
  if (outcome.detail) lines.push(`  ${outcome.detail}`);
  if (!outcome.ok && outcome.problem === undefined) lines.push(`  the log itself checks out (${outcome.checkedEvents} events)`);
  lines.push(`  digest at position ${outcome.position}: ${outcome.digest}`);
  if (outcome.checkpoint) {
    lines.push(
      `  saved digest at position ${outcome.checkpoint.position}: ${outcome.checkpoint.proven ? 'the log up to it is unchanged' : 'NOT proven: the log up to it differs or is gone'}`,
    );
  }
  if (outcome.signature) lines.push(`  signature: ${outcome.signature.signature}, key ${outcome.signature.key}: ${outcome.signature.detail}`);
  return `${lines.join('\n')}\n`;
}
