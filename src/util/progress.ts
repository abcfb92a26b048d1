/** Terminal progress for long work: a redrawn bar on a TTY, a line every few seconds otherwise. */

export interface ProgressOptions {
  /** Where to write; stderr by default, so that --json on stdout stays clean. */
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between two non-TTY lines. */
  intervalMs?: number;
}

/** A progress reporter for `total` units of work labelled `label`. */
export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly started = Date.now();
  private lastLine = 0;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly opts: ProgressOptions = {},
  ) {
    this.stream = opts.stream ?? process.stderr;
  }

  /** Records `n` more units done, with extra text (loss, images/s) to show. */
  tick(n = 1, extra = ""): void {
    this.done += n;
    const now = Date.now();
    const tty = Boolean(this.stream.isTTY);
    const finished = this.done >= this.total;
    if (!tty && !finished && now - this.lastLine < (this.opts.intervalMs ?? 5000)) return;
    this.lastLine = now;
    const line = this.render(now, extra);
    if (tty) this.stream.write(`\r${line}\x1b[K${finished ? "\n" : ""}`);
    else this.stream.write(line + "\n");
  }

  /** The line shown: label, bar, count, rate and estimated time left. */
  render(now: number, extra = ""): string {
    const frac = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : NaN;
    const bar = "#".repeat(filled) + ".".repeat(width - filled);
    return `${this.label} [${bar}] ${this.done}/${this.total} ${rate.toFixed(1)}/s ETA ${formatSeconds(eta)}${extra ? " " + extra : ""}`;
  }
}

/** Seconds as m:ss (or h:mm:ss), "?" when unknown. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const t = Math.round(s);
  const h = Math.floor(t / 3600),
    m = Math.floor((t % 3600) / 60),
    sec = t % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? h + ":" : ""}${mm}:${String(sec).padStart(2, "0")}`;
}

/** Prints one step of a multi-step job, e.g. "[2/5] training AlexNet". */
export function step(
  index: number,
  total: number,
  text: string,
  stream: NodeJS.WriteStream = process.stderr,
): void {
  stream.write(`[${index}/${total}] ${text}\n`);
}
