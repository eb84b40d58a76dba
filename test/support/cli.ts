import { Module, Provider, Type } from '@nestjs/common';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { LedgerConfig, LedgerConfigModule } from '@app/application';
import { AuditCliModule } from '../../apps/cli/src/audit/audit-cli.module';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ledger <args>` in this process: the real command classes under nest-commander, with the
 * configuration the CLI would read from the environment given as `config` (e.g. the test
 * service's own, so both look at the same data dir). `commands` picks the command classes (default:
 * the audit commands).
 */
export async function runCli(
  args: string[],
  config: Partial<LedgerConfig>,
  commands: { imports?: Type[]; providers?: Provider[] } = { imports: [AuditCliModule] },
): Promise<CliRun> {
  @Module({ imports: [LedgerConfigModule.forRoot(config), ...(commands.imports ?? [])], providers: commands.providers ?? [] })
  class TestCliModule {}

  const app = await CommandFactory.createWithoutRunning(TestCliModule, {
    logger: false,
    errorHandler: (error) => {
      throw error;
    },
  });
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    await app.get(CommandRunnerService).run(['node', 'ledger', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
    await app.close();
  }
  const code = Number(process.exitCode ?? 0);
  // The exit code belongs to the CLI run, not to jest's process.
  process.exitCode = undefined;
  return { code, stdout, stderr };
}
