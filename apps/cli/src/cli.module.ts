import { Module } from '@nestjs/common';
import { AuthModule, LedgerConfigModule } from '@app/application';
import { TokenCommand } from './commands/token.command';

/** The `ledger` command line. Commands that need the stores import them themselves. */
@Module({
  imports: [LedgerConfigModule.forRoot(), AuthModule],
  providers: [TokenCommand],
})
export class CliModule {}
