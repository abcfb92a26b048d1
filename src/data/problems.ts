/** The bad-input report of a data source: which file was wrong and why, so that a source skips what it
 * can and says so instead of crashing mid-epoch. */

/** One skipped file or item, named with the reason. */
export interface DataProblem {
  file: string;
  reason: string;
}

/** Lines passed to `warn` before the log falls silent (a folder of 10,000 stray files should not flood a notebook). */
const WARN_LINES = 10;

/** Collects problems for one source and passes the first few to `warn` (stderr by default); all of them stay
 * in `problems`. */
export class ProblemLog {
  readonly problems: DataProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly warn: ((line: string) => void) | null = defaultWarn) {}

  /** Records `file`'s problem once (a file that fails in every epoch is reported the first time only). */
  add(file: string, reason: string): void {
    const key = `${file}\u0000${reason}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ file, reason });
    if (this.problems.length <= WARN_LINES) this.warn?.(`skipped ${file}: ${reason}`);
    if (this.problems.length === WARN_LINES)
      this.warn?.("further problems are not printed; see the dataset's report");
  }
}

/** The problems as lines for a terminal or a notebook, at most `max` of them plus a count of the rest. */
export function formatProblems(problems: readonly DataProblem[], max = 20): string {
  if (problems.length === 0) return "no problems";
  const lines = problems.slice(0, max).map((p) => `${p.file}: ${p.reason}`);
  if (problems.length > max) lines.push(`... and ${problems.length - max} more`);
  return lines.join("\n");
}

/** Lines already printed by this process: a source opened again (each training run opens its dataset) says
 * nothing new, while every opening's report still lists its problems. */
const printed = new Set<string>();

function defaultWarn(line: string): void {
  if (printed.has(line)) return;
  printed.add(line);
  process.stderr.write(`imagenot-lab data: ${line}\n`);
}
