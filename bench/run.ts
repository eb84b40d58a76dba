import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCHMARKS } from './benchmarks';
import { describeMachine, gitInfo } from './lib/machine';
import { markdown, RunReport, textTable } from './lib/report';
import { TempSpace } from './lib/temp';
import type { BenchContext, BenchmarkResult } from './lib/types';

/**
 * `npm run bench [-- --full] [--only=appends,reads] [--seed=N] [--no-write]`
 * Runs every registered benchmark, prints a table per benchmark, and writes
 * `bench/results/<YYYY-MM-DD>-<git short sha>.json` (`-full` for full runs) and `bench/results/latest.md`.
 */
const ROOT = resolve(__dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');

interface Args {
  full: boolean;
  only: string[] | null;
  seed: number;
  write: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { full: false, only: null, seed: 20240601, write: true };
  for (const arg of argv) {
    if (arg === '--full') args.full = true;
    else if (arg === '--no-write') args.write = false;
    else if (arg.startsWith('--only=')) args.only = arg.slice(7).split(',').filter(Boolean);
    else if (arg.startsWith('--seed=')) args.seed = Number(arg.slice(7));
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run bench [-- --full] [--only=id,...] [--seed=N] [--no-write]\n');
      process.stdout.write(`benchmarks: ${BENCHMARKS.map((b) => b.id).join(', ')}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => !args.only || args.only.includes(b.id));
  if (selected.length === 0) throw new Error(`no benchmark matches --only=${args.only?.join(',')}`);
  const startedAt = new Date();
  const machine = await describeMachine(ROOT);
  const git = gitInfo(ROOT);
  const temp = new TempSpace();
  const t0 = Date.now();
  const progress = (message: string): void => {
    process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
  };
  process.stdout.write(
    `ledger bench (${args.full ? 'full' : 'quick'}) — ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, SQLite ${machine.sqlite}, git ${git.sha}${git.dirty ? '+dirty' : ''}\n\n`,
  );
  const context: BenchContext = { full: args.full, seed: args.seed, temp, progress };
  const results: BenchmarkResult[] = [];
  try {
    for (const benchmark of selected) {
      progress(`${benchmark.id}: start`);
      const result = await benchmark.run(context);
      results.push(result);
      process.stdout.write(`${result.title} (${(result.durationMs / 1000).toFixed(1)} s)\n${textTable(result)}\n`);
      for (const note of result.notes) process.stdout.write(`  · ${note}\n`);
      process.stdout.write('\n');
    }
  } finally {
    temp.remove();
  }
  const report: RunReport = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: args.full ? 'full' : 'quick',
    seed: args.seed,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    git,
    machine,
    benchmarks: results,
    goals: results.flatMap((r) => r.goals.map((g) => ({ benchmark: r.id, ...g }))),
    durationMs: Date.now() - t0,
  };
  const missed = report.goals.filter((g) => !g.met);
  process.stdout.write(`Goals: ${report.goals.length - missed.length} of ${report.goals.length} met${missed.length ? ` — missed: ${missed.map((g) => g.id).join(', ')}` : ''}. Total ${(report.durationMs / 1000).toFixed(1)} s.\n`);
  if (args.write) {
    mkdirSync(RESULTS, { recursive: true });
    const file = `${startedAt.toISOString().slice(0, 10)}-${git.sha}${args.full ? '-full' : ''}${args.only ? `-${selected.map((b) => b.id).join('+')}` : ''}.json`;
    writeFileSync(join(RESULTS, file), `${JSON.stringify(report, null, 2)}\n`);
    if (!args.only) writeFileSync(join(RESULTS, 'latest.md'), markdown(report, file));
    process.stdout.write(`Wrote bench/results/${file}${args.only ? '' : ' and bench/results/latest.md'}\n`);
  }
}

main().then(
  // The sqlite3 driver can keep handles alive after the last close; the run is over.
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
