import { Presets, SingleBar } from 'cli-progress';

/** Below this many events a run is over before a bar would say anything. */
const WORTH_A_BAR = 5000;

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr (events/s and ETA) for long runs, so stdout stays clean for the
 * result (`ledger digest > FILE`). Nothing is drawn when stderr is not a terminal.
 */
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (total < WORTH_A_BAR || !stream.isTTY) return silent;
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const started = process.hrtime.bigint();
  bar.start(total, 0, { rate: 0 });
  return {
    update: (done) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      bar.update(Math.min(done, total), { rate: seconds > 0 ? Math.round(done / seconds).toLocaleString('en') : 0 });
    },
    stop: () => bar.stop(),
  };
}
