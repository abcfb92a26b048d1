/** A grid's results as tables: one row per run (long), or one row per architecture with one accuracy
 * column per dataset, the mean over seeds (wide, what `imagenot-lab analyze --x A --y B` reads). */
import { csvField } from "../util/csv";
import type { RunStatus } from "./state";

/** One run's result; accuracy (a fraction), recipe and learned are empty until the run is done. */
export interface GridRow {
  id: string;
  arch: string;
  /** The dataset's short name in the grid ("mnist", "folder-imagenot-train"). */
  dataset: string;
  seed: number;
  recipe: string;
  accuracy: number | null;
  learned: boolean | null;
  state: RunStatus["state"];
}

/** The rows of a grid's runs, in plan order. */
export function gridRows(status: readonly RunStatus[]): GridRow[] {
  return status.map((s) => ({
    id: s.id,
    arch: s.arch,
    dataset: s.datasetName,
    seed: s.seed,
    recipe: s.recipe,
    accuracy: s.accuracy,
    learned: s.learned,
    state: s.state,
  }));
}

const LONG_COLUMNS = ["arch", "dataset", "seed", "recipe", "accuracy", "learned", "state"] as const;

function csv(lines: (string | number | null)[][]): string {
  return lines.map((l) => l.map(csvField).join(",")).join("\n") + "\n";
}

/** The long table as CSV: arch, dataset, seed, recipe, accuracy, learned, state. */
export function gridCsv(rows: readonly GridRow[]): string {
  return csv([
    [...LONG_COLUMNS],
    ...rows.map((r) =>
      LONG_COLUMNS.map((c) => {
        const v = r[c];
        return typeof v === "boolean" ? String(v) : v;
      }),
    ),
  ]);
}

/** The wide table as CSV: `model` (the architecture), then per dataset the mean accuracy over the seeds
 * of its done runs, empty where none is done; a `# runs` comment says how many each mean took. */
export function gridWideCsv(rows: readonly GridRow[]): string {
  const archs = [...new Set(rows.map((r) => r.arch))];
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  const done = rows.filter((r) => r.state === "done" && r.accuracy !== null);
  const cell = (arch: string, dataset: string) => {
    const values = done
      .filter((r) => r.arch === arch && r.dataset === dataset)
      .map((r) => r.accuracy!);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  const count = `# ${done.length} of ${rows.length} runs done; each cell is the mean over their seeds`;
  return `${count}\n${csv([["model", ...datasets], ...archs.map((a) => [a, ...datasets.map((d) => cell(a, d))])])}`;
}
