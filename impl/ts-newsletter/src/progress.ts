import cliProgress from "cli-progress";

/** Reports a job's progress while it runs and its outcome when it ends. */
export interface Progress {
  /** One more reader answered. */
  answered(): void;
  /** The job ended (`outcome` says how); prints the summary line. */
  finish(outcome: string): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Readers in the job. */
  readonly total: number;
  /** Where progress goes (standard error, so standard output stays JSON Lines). */
  readonly stream: NodeJS.WritableStream;
  /** A terminal: a live progress bar with the rate and the time left. Otherwise only the summary line. */
  readonly interactive: boolean;
}

/**
 * On a terminal, a cli-progress bar (`readers answered/total`, percentage, readers per
 * second, time left) redrawn at most 10 times a second; elsewhere (a pipe, a log file,
 * CI) nothing until the end. Either way one summary line at the end:
 * `newsletter: 1000 of 1000 readers answered (998 with recommendations, 2 failed) in 1.2 s, 833 readers/s`.
 */
export function createProgress(options: ProgressOptions): Progress {
  const started = performance.now();
  let done = 0;
  const bar = options.interactive
    ? new cliProgress.SingleBar(
        {
          format: "newsletter {bar} {percentage}% | {value}/{total} readers | {rate} readers/s | {eta_formatted} left",
          stream: options.stream,
          fps: 10,
          etaBuffer: 2000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(options.total, 0, { rate: 0 });
  const rate = (): number => Math.round(done / Math.max((performance.now() - started) / 1000, 1e-3));
  return {
    answered() {
      done += 1;
      bar?.update(done, { rate: rate() });
    },
    finish(outcome) {
      bar?.stop();
      const seconds = (performance.now() - started) / 1000;
      options.stream.write(`newsletter: ${done} of ${options.total} readers answered ${outcome} in ${seconds.toFixed(1)} s, ${rate()} readers/s\n`);
    },
  };
}
