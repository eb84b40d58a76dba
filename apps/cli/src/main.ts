#!/usr/bin/env node
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { relaunchArguments, RELAUNCHED_ENV } from './relaunch';

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    cliName: 'ledger',
    logger: ['error', 'warn'],
    errorHandler: (error: Error & { code?: string }) => {
      if (error.code && HELP_CODES.has(error.code)) process.exit(0);
      process.stderr.write(`ledger: ${error.message}\n`);
      process.exit(2);
    },
  });
}

// A command that runs better with other V8 flags (a rebuild) runs in a child node given them;
// this process only waits for it and exits with its status.
const relaunch = relaunchArguments(process.argv, process.execArgv, process.env);
if (relaunch) {
  const child = spawnSync(process.execPath, relaunch, { stdio: 'inherit', env: { ...process.env, [RELAUNCHED_ENV]: '1' } });
  if (child.error) {
    process.stderr.write(`ledger: could not start ${process.execPath}: ${child.error.message}\n`);
    process.exit(2);
  }
  process.exit(child.status ?? 128 + (child.signal ? (constants.signals[child.signal] ?? 0) : 0));
} else {
  void main();
}
