import { Inject, Injectable } from '@nestjs/common';
import { ProjectionCheckpoint, ProjectionRunner, ProjectorStatus, SubscriptionError } from '@app/read-model';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { READ_STORE } from './tokens';

const POLL_MS = 25;

/**
 * How far the read store has applied the log. In-process projectors answer from memory; an
 * API replica whose projectors run elsewhere (apps/projector) reads the checkpoints table.
 */
@Injectable()
export class ProjectionStatusService {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly runner: ProjectionRunner,
    @Inject(READ_STORE) private readonly dataSource: DataSource,
  ) {}

  /**
   * The position every projector has applied. The runner knows it when this process runs all
   * of them; otherwise (another process holds some locks) the checkpoints table does. Rows of
   * projectors this version no longer has are ignored, so they cannot hold readers back.
   */
  async position(): Promise<number> {
    if (this.config.runProjectors && this.runner.ownsAll) return this.runner.position;
    const stored = await this.storedCheckpoints();
    return stored.length === 0 ? 0 : Math.min(...stored.map((r) => r.position));
  }

  /**
   * Each projector's status. One this process runs answers from the runner's memory; one it does
   * not (an API-only replica, a standby) from the checkpoints table, with the failure the process
   * that runs it stored there.
   */
  async projectors(): Promise<ProjectorStatus[]> {
    if (!this.config.runProjectors) return this.runner.storedStatus();
    const stored = new Map((await this.runner.storedStatus()).map((s) => [s.name, s]));
    return this.runner.status().map((s) => {
      if (!s.standby) return s;
      // Whatever this process said of it while it held the lock is not current: the holder's stored word is.
      const theirs = stored.get(s.name);
      return { name: s.name, position: theirs?.position ?? s.position, standby: true, ...(theirs?.failed && { failed: theirs.failed }) };
    });
  }

  /** Set while this process's projectors follow no subscription: it failed and the runner tries again. */
  subscriptionError(): SubscriptionError | undefined {
    return this.config.runProjectors ? this.runner.subscriptionError : undefined;
  }

  /**
   * Set once this process's runner found the read store migrated by a newer release: it projects
   * nothing and has left its projectors to a process of that release.
   */
  readStoreNewer(): { migrations: string[]; since: string } | undefined {
    return this.config.runProjectors ? this.runner.readStoreNewer : undefined;
  }

  private async storedCheckpoints(): Promise<ProjectorStatus[]> {
    const known = new Set(this.runner.projectorNames);
    const rows = await this.dataSource.getRepository(ProjectionCheckpoint).find();
    return rows.filter((r) => known.has(r.name)).map((r) => ({ name: r.name, position: r.position }));
  }

  /** True once the read store has applied `position`, false after `timeoutMs`. */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.position()) >= position) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // In-process projectors wake us as soon as they apply a batch; the poll also covers a
      // runner that has not started yet, or projectors running in another process.
      if (this.config.runProjectors) await this.runner.waitFor(position, Math.min(left, POLL_MS * 4));
      else await new Promise((resolve) => setTimeout(resolve, Math.min(left, POLL_MS)));
    }
  }

  /**
   * True once one projector has applied `position`, false after `timeoutMs`: for a reader of that
   * projection alone, which another projector that failed must not hold up. Its checkpoint row is
   * committed with its rows, so it is the truth in any process.
   */
  async waitForProjector(name: string, position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const checkpoints = this.dataSource.getRepository(ProjectionCheckpoint);
    for (;;) {
      const row = await checkpoints.findOneBy({ name });
      if (row && Number(row.position) >= position) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, POLL_MS)));
    }
  }
}
