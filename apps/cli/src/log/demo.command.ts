import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AddressInfo } from 'node:net';
import { businessToday, LEDGER_CONFIG, LedgerConfig, READ_STORE, Role, systemClock, TokenService } from '@app/application';
import { LedgerSagas } from '@app/application/sagas/ledger.sagas';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { DataSource } from 'typeorm';
import { createLedgerApp } from '../../../ledger/src/ledger-app';
import { DEMO_INSTITUTIONS, demoStory, DemoCall } from './demo-story';
import { eventLogName, openEventStore } from './open-event-store';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `ledger demo`: fills an empty ledger with a short, realistic history to explore — written by
 * the service itself, started in this process on the configured stores, through its HTTP API with
 * tokens of each role (so every rule applies, and the sagas and projections react as in
 * production). Dated back from today. Refused on a log that already holds events: a demo never
 * mixes with real ones. Exit 0 when written, 1 when refused or a step failed.
 */
@Command({ name: 'demo', description: 'Fill an empty ledger with a demo history (three institutions, commitments, listings, bans, a repair, a check) through the service\'s own API' })
export class DemoCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run(): Promise<void> {
    try {
      await this.assertEmpty();
    } catch (error) {
      process.stderr.write(`ledger demo: ${(error as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    const app = await createLedgerApp({ ...this.config, runProjectors: true, runProcessManagers: true }, { logger: false, clock: systemClock });
    try {
      await app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const tokens = app.get(TokenService);
      const send = async (call: DemoCall): Promise<Record<string, unknown>> => {
        const token = tokens.issue({ sub: `demo-${call.role}`, role: call.role as Role, ...(call.uscc && { uscc: call.uscc }) });
        const response = await fetch(`${base}${call.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(call.body),
        });
        const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (!response.ok) throw new Error(`${call.path} answered ${response.status}: ${String(body.code ?? '')} ${String(body.detail ?? '')}`.trim());
        return body;
      };
      const today = businessToday(systemClock);
      const answers = new Map<string, Record<string, unknown>>();
      for (const step of demoStory(today)) {
        const calls = typeof step === 'function' ? step(answers) : step;
        for (const call of Array.isArray(calls) ? calls : [calls]) {
          const answer = await send(call);
          answers.set(call.path, answer);
          process.stdout.write(`  ${typeof call.says === 'function' ? call.says(answer) : call.says}\n`);
        }
      }
      await this.repair(send, answers, today);
      await this.settle(app.get<EventStore>(EVENT_STORE), app.get<DataSource>(READ_STORE), app.get(LedgerSagas).all().length, base);
      const head = await app.get<EventStore>(EVENT_STORE).headPosition();
      process.stdout.write(
        [
          `demo written: ${head} events in ${eventLogName(this.config)}, projected and reacted to.`,
          `  institutions: ${Object.values(DEMO_INSTITUTIONS).join(', ')}`,
          '  try, with the service running (npm start):',
          '    curl localhost:3000/public/v1/records',
          '    curl localhost:3000/public/v1/dishonest-institutions',
          `    TOKEN=$(npm run -s ledger -- token --role auditor --sub me); curl -H "Authorization: Bearer $TOKEN" localhost:3000/v1/subjects/INSTITUTION/${DEMO_INSTITUTIONS.zhaoshang}/history`,
          '',
        ].join('\n'),
      );
    } catch (error) {
      process.stderr.write(
        `ledger demo: ${(error as Error).message}; what was written so far stays in ${eventLogName(this.config)} (a demo runs only on an empty ledger: set LEDGER_DATA_DIR to a new directory to try again)\n`,
      );
      process.exitCode = 1;
    } finally {
      await app.close();
    }
  }

  /** A demo is written into an empty log only. */
  private async assertEmpty(): Promise<void> {
    const store = await openEventStore(this.config, { create: true });
    try {
      const head = await store.headPosition();
      if (head > 0) throw new Error(`${eventLogName(this.config)} already holds events (head position ${head}): a demo is written into an empty ledger only (set LEDGER_DATA_DIR to a new directory)`);
    } finally {
      await store.close();
    }
  }

  /** 招商局 applies for credit repair as soon as it may (the listing's minimum period), and it is granted: delisted, the award ban runs on. */
  private async repair(send: (call: DemoCall) => Promise<Record<string, unknown>>, answers: Map<string, Record<string, unknown>>, today: string): Promise<void> {
    const recordId = String(answers.get('/v1/commitments/demo-cmt-1/breach')?.recordId);
    const application = (appliedOn: string): DemoCall => ({
      role: 'subject',
      uscc: DEMO_INSTITUTIONS.zhaoshang,
      path: `/v1/records/${recordId}/repair-applications`,
      body: { applicationId: 'demo-repair-1', appliedOn, pledgeSigned: true, evidence: '信用承诺书、整改报告' },
      says: `招商局 applies for credit repair on ${appliedOn}`,
    });
    try {
      await send(application(today));
    } catch (error) {
      if (!/REPAIR_NOT_YET_ELIGIBLE/.test(String((error as Error).message))) throw error;
      process.stdout.write('  招商局 may not apply for credit repair yet (the listing\'s minimum period has not run)\n');
      return;
    }
    process.stdout.write(`  ${String(application(today).says)}\n`);
    const decision: DemoCall = {
      role: 'credit-office',
      path: `/v1/records/${recordId}/repair-applications/demo-repair-1/decision`,
      body: { decidedOn: today, granted: true, reason: '整改到位，已签署信用承诺书' },
      says: 'repair is granted: delisted and no longer published, but the 3-year award ban runs on',
    };
    await send(decision);
    process.stdout.write(`  ${String(decision.says)}\n`);
  }

  /** Until the projectors and the sagas have caught up with everything written (the sagas' reactions included). */
  private async settle(store: EventStore, readStore: DataSource, sagas: number, base: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    let stableSince: number | undefined;
    let lastHead = -1;
    while (Date.now() < deadline) {
      const head = await store.headPosition();
      const health = (await (await fetch(`${base}/health`)).json()) as { projectionLag: number };
      const rows = (await readStore.query('SELECT name, position FROM process_checkpoints')) as Array<{ position: unknown }>;
      const caughtUp = health.projectionLag === 0 && rows.length === sagas && rows.every((r) => Number(r.position) >= head);
      if (caughtUp && head === lastHead) {
        stableSince ??= Date.now();
        if (Date.now() - stableSince >= 500) return;
      } else stableSince = undefined;
      lastHead = head;
      await pause(100);
    }
    throw new Error('the projections and sagas did not catch up within a minute');
  }
}
