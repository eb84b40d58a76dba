import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { DeadlineWatcher } from '../deadlines/deadline-watcher.service';
import { SagaRunner } from './saga-runner';

/**
 * Starts the process managers — the deadline watcher and the sagas — in the process configured
 * to run them. Started explicitly after `app.init()`: @nestjs/cqrs registers command handlers
 * during bootstrap, so a reaction sent from a bootstrap hook could find no handler yet.
 */
@Injectable()
export class ProcessManagers {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly watcher: DeadlineWatcher,
    private readonly sagas: SagaRunner,
  ) {}

  async start(): Promise<void> {
    if (!this.config.runProcessManagers) return;
    await this.sagas.start();
    this.watcher.start();
  }
}
