import { Command, CommandRunner } from 'nest-commander';
import { AuditStoreLoader } from './audit-store.loader';

/**
 * `ledger digest > FILE`: the log's `{position, digest, eventCount}` as JSON — signed when
 * LEDGER_SIGNING_KEY is set — for an auditor to keep outside the system and check later with
 * `ledger verify --from-digest FILE`.
 */
@Command({ name: 'digest', description: 'Print the log digest as JSON (signed when LEDGER_SIGNING_KEY is set); keep it outside the system' })
export class DigestCommand extends CommandRunner {
  constructor(private readonly loader: AuditStoreLoader) {
    super();
  }

  async run(): Promise<void> {
    let stores;
    try {
      stores = await this.loader.open();
      process.stdout.write(`${JSON.stringify(await stores.audit.publishedDigest(), null, 2)}\n`);
    } catch (error) {
      process.stderr.write(`ledger digest: ${(error as Error).message}\n`);
      process.exitCode = 2;
    } finally {
      await stores?.close();
    }
  }
}
