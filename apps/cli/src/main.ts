#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

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

void main();
