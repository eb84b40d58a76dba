import { Module } from '@nestjs/common';
import { LedgerConfigModule } from '@app/application';
import { AuditCliModule } from './audit/audit-cli.module';
import { RebuildCommand } from './commands/rebuild.command';
import { TokenCommand } from './commands/token.command';
import { DemoCommand } from './log/demo.command';
import { ExportCommand } from './log/export.command';
import { ImportCommand } from './log/import.command';

/**
 * The `ledger` command line. Commands that need the stores open them themselves, and only `token`
 * reads the token secret (an audit writes nothing into the data dir).
 */
@Module({
  imports: [LedgerConfigModule.forRoot(), AuditCliModule],
  providers: [TokenCommand, RebuildCommand, ExportCommand, ImportCommand, DemoCommand],
})
export class CliModule {}
