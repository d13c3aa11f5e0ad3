/** The batch's progress: a bar on a terminal, a plain line every two seconds otherwise. */

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export interface Progress {
  /** Counts one finished id. */
  tick(): void;
  readonly finished: number;
  /** Prints the last line and stops the periodic display. */
  stop(): void;
}

export function startProgress(total: number, write: (text: string) => void, tty: boolean): Progress {
  const started = performance.now();
  let finished = 0;
  let lastLine = 0;
  const show = (final = false) => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? finished / elapsed : 0;
    const eta = rate > 0 ? (total - finished) / rate : Number.POSITIVE_INFINITY;
    const summary = `${finished}/${total}  ${rate.toFixed(1)}/s  ETA ${formatDuration(eta)}`;
    if (tty) {
      const width = 30;
      const filled = total === 0 ? width : Math.round((finished / total) * width);
      write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${summary}   ${final ? "\n" : ""}`);
    } else if (final || performance.now() - lastLine >= 2000) {
      lastLine = performance.now();
      write(`progress: ${summary}\n`);
    }
  };
  const ticker = setInterval(() => show(), tty ? 250 : 2000);
  return {
    tick: () => {
      finished++;
    },
    get finished() {
      return finished;
    },
    stop: () => {
      clearInterval(ticker);
      show(true);
    },
  };
}
