/** A grid's status as a plain-text table (for the command and a notebook's live display). */
import { RUN_STATES, type RunStatus } from "./state";

/** `text` with each line set off as quoted log output. */
export function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    | ${l}`)
    .join("\n");
}

function percent(x: number | null): string {
  return x === null ? "" : `${(x * 100).toFixed(2)}%`;
}

/** The status table: one line per run, failed runs' log tails below. */
export function statusTable(runs: readonly RunStatus[]): string {
  const header = ["run", "state", "epochs", "accuracy", "learned", "job", "detail"];
  const rows = runs.map((r) => [
    r.id,
    r.state,
    `${r.epochsDone}/${r.epochs}`,
    percent(r.accuracy),
    r.learned === null ? "" : String(r.learned),
    r.job ?? "",
    r.detail,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const counts = RUN_STATES.map((s) => [s, runs.filter((r) => r.state === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const tails = runs
    .filter((r) => r.state === "failed" && r.logTail)
    .map((r) => `\n${r.id} failed; the end of ${r.folder}/train.log:\n${indent(r.logTail!)}`);
  return (
    [
      line(header),
      ...rows.map(line),
      "",
      `${runs.length} runs: ${counts.join(", ")}`,
      ...tails,
    ].join("\n") + "\n"
  );
}
