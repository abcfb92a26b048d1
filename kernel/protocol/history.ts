/** The session's input history, answered in the shapes of history_request's three access types. */

export interface HistoryRequest {
  output?: boolean;
  hist_access_type?: "range" | "tail" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

type Entry = { line: number; input: string; output: string | null };
export type HistoryItem = [number, number, string | [string, string | null]];

/** This kernel's one history session; earlier sessions are not kept. */
export const SESSION_NUMBER = 1;

/** IPython's glob patterns (`*` any text, `?` one character) as a regular expression over the whole input. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

export class History {
  private readonly entries: Entry[] = [];

  /** Records input number `line`. */
  add(line: number, input: string): void {
    this.entries.push({ line, input, output: null });
  }

  /** Records the text/plain result of input number `line`. */
  setOutput(line: number, output: string): void {
    const e = this.entries.find((x) => x.line === line);
    if (e) e.output = output;
  }

  /** The entries a history_request asks for, as [session, line, input] or [session, line, [input, output]]. */
  query(req: HistoryRequest): HistoryItem[] {
    let selected: Entry[];
    const n = req.n ?? 10;
    switch (req.hist_access_type ?? "tail") {
      case "tail":
        selected = this.entries.slice(-n);
        break;
      case "range": {
        const session = req.session ?? 0;
        if (session > 0 && session !== SESSION_NUMBER) return [];
        const start = req.start ?? 1;
        const stop = req.stop ?? Number.POSITIVE_INFINITY;
        selected = this.entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        selected = this.entries.filter((e) => re.test(e.input));
        if (req.unique)
          selected = selected.filter(
            (e, i) => !selected.slice(i + 1).some((later) => later.input === e.input),
          );
        if (req.n !== undefined) selected = selected.slice(-req.n);
        break;
      }
    }
    return selected.map((e) => [
      SESSION_NUMBER,
      e.line,
      req.output ? [e.input, e.output] : e.input,
    ]);
  }
}
