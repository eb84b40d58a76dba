#!/usr/bin/env node
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { CliModule } from './cli.module';
import { relaunchArguments, RELAUNCHED_ENV } from './relaunch';
import { isUsageError } from './usage-error';

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

async function main(): Promise<void> {
  const exitOnUsage = (error: Error & { code?: string }) => {
    if (error.code && HELP_CODES.has(error.code)) process.exit(0);
    process.stderr.write(`ledger: ${error.message}\n`);
    process.exit(2);
  };
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    cliName: 'ledger',
    logger: ['error', 'warn'],
    errorHandler: exitOnUsage,
    // A command that fails (no event log there, a store it cannot open) exits 1, not 0: scripts
    // and service managers go by the status. nest-commander's default only printed the error.
    // A bad option value (UsageError, thrown by an option's parser) is a usage error: 2.
    serviceErrorHandler: (error: Error) => {
      process.stderr.write(`ledger: ${error.message}\n`);
      process.exitCode = isUsageError(error) ? 2 : 1;
    },
  });
  // nest-commander sets the handler on the root command only; commander's subcommands would exit 1
  // on an unknown option or a missing argument, which `verify` keeps for a log that does not check out.
  const root = (app.get(CommandRunnerService) as unknown as { commander: CommanderCommand }).commander;
  const overrideAll = (command: CommanderCommand): void => {
    command.exitOverride(exitOnUsage);
    command.commands.forEach(overrideAll);
  };
  overrideAll(root);
  try {
    await app.get(CommandRunnerService).run();
  } finally {
    await app.close();
  }
}

/** What nest-commander's root command is (commander's Command): only what is used here. */
interface CommanderCommand {
  exitOverride(handler: (error: Error & { code?: string }) => never | void): unknown;
  readonly commands: readonly CommanderCommand[];
}

// A command that runs better with other V8 flags (a rebuild) runs in a child node given them;
// this process passes on the signals meant for it (kill, a service manager's SIGTERM) and exits
// with the child's status, so stopping `ledger` stops the rebuild, which cleans up after itself.
const relaunch = relaunchArguments(process.argv, process.execArgv, process.env);
if (relaunch) {
  const child = spawn(process.execPath, relaunch, { stdio: 'inherit', env: { ...process.env, [RELAUNCHED_ENV]: '1' } });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // A terminal's Ctrl-C reaches the child too (same process group); passing it on again is harmless.
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    process.stderr.write(`ledger: could not start ${process.execPath}: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
} else {
  void main();
}
