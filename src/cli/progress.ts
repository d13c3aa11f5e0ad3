/** The batch's progress: a bar on a terminal, a plain line every two seconds otherwise. */

/** Seconds as `42s` or `3m07s`; at least one second while anything is left. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = seconds > 0 ? Math.max(1, Math.ceil(seconds)) : 0;
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** How far back the displayed pace looks. */
const RECENT_MS = 5000;

export interface Progress {
  /** Counts one finished id. */
  tick(): void;
  readonly finished: number;
  /** Prints the last line and stops the periodic display. */
  stop(): void;
}

/**
 * `pace` is the configured rate: the pace shown is measured over the last five seconds but
 * never above it (the first calls of a run go at once and would show a burst), and the ETA
 * is what is left at the slower of the two.
 */
export function startProgress(total: number, pace: number, write: (text: string) => void, tty: boolean): Progress {
  const started = performance.now();
  const recent: number[] = [];
  let finished = 0;
  let lastLine = 0;
  const show = (final = false) => {
    const now = performance.now();
    while (recent.length > 0 && (recent[0] as number) < now - RECENT_MS) recent.shift();
    const window = Math.min(RECENT_MS, Math.max(now - started, 1000)) / 1000;
    const rate = Math.min(pace, recent.length / window);
    const left = total - finished;
    const eta = left / (rate > 0 ? rate : pace);
    const summary = `${finished}/${total}  ${rate.toFixed(1)}/s  ETA ${formatDuration(eta)}`;
    if (tty) {
      const width = 30;
      const filled = total === 0 ? width : Math.round((finished / total) * width);
      write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${summary}   ${final ? "\n" : ""}`);
    } else if (final || now - lastLine >= 2000) {
      lastLine = now;
      write(`progress: ${summary}\n`);
    }
  };
  const ticker = setInterval(() => show(), tty ? 250 : 2000);
  return {
    tick: () => {
      finished++;
      recent.push(performance.now());
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
