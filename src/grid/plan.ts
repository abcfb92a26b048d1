/** A study as a grid of runs: architectures x datasets x seeds, each run one `imagenot-lab train`
 * command with its own folder. Planning is pure (same inputs, same plan, same grid.json bytes); the grid
 * folder is the single source of truth afterwards. No TensorFlow here. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors";
import { ARCHITECTURES, architectureFacts } from "../models/facts";
import { writeFileAtomic } from "../util/atomic";

/** What a grid is planned from. */
export interface GridSpec {
  archs: string[];
  /** Dataset specs as `train --dataset` takes them (mnist, cifar10:/abs/dir, ...). */
  datasets: string[];
  /** The seeds each (architecture, dataset) pair is trained with. */
  seeds: number[];
  /** Further `train` options, as argv (e.g. ["--epochs", "90", "--scale", "paper"]), the same for every run. */
  trainOptions: string[];
  /** Options for one architecture's runs only, after trainOptions (e.g. inception_v3's 299-pixel input). */
  archOptions?: Record<string, string[]>;
}

/** One training of the grid. */
export interface GridRun {
  /** `<arch>-<dataset>-seed<N>`, unique in the grid. */
  id: string;
  arch: string;
  /** The dataset's spec, and its short name in ids and tables. */
  dataset: string;
  datasetName: string;
  seed: number;
  /** The run folder, relative to the grid folder. */
  folder: string;
  /** The exact `imagenot-lab` arguments, to run with the grid folder as working directory. */
  argv: string[];
}

export interface GridPlan extends GridSpec {
  /** grid.json's format version. */
  version: 1;
  runs: GridRun[];
}

export const GRID_FILE = "grid.json";

/** A file-name-safe name for a dataset spec from its kind and the last `depth` folders of its path:
 * "mnist", "cifar10:/data/cifar-10" -> "cifar10-cifar-10", depth 2 of "folder:/d/imagenot/train" ->
 * "folder-imagenot-train". */
export function datasetSlug(spec: string, depth = 1): string {
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const parts =
    colon < 0
      ? []
      : spec
          .slice(colon + 1)
          .split("/")
          .filter(Boolean);
  return [kind, ...parts.slice(-depth)].join("-").replace(/[^A-Za-z0-9_.-]+/g, "_");
}

/** Names for `specs` with as few trailing folders as keep them apart (imagenet/train and imagenot/train
 * need two); throws InputError for two specs no depth tells apart. */
export function datasetNames(specs: readonly string[]): string[] {
  for (let depth = 1; ; depth++) {
    const names = specs.map((d) => datasetSlug(d, depth));
    const clash = names.findIndex((n, i) => names.indexOf(n) !== i);
    if (clash < 0) return names;
    // No deeper name differs: the two specs name the same place.
    if (names.every((n, i) => n === datasetSlug(specs[i], depth + 1)))
      throw new InputError(
        `grid: datasets "${specs[names.indexOf(names[clash])]}" and "${specs[clash]}" share the name ${names[clash]}`,
      );
  }
}

/** The plan for `spec`: one run per architecture, dataset and seed, in that nesting order. Throws
 * InputError for an empty axis, a repeated entry, an unknown architecture or two datasets with the same name. */
export function planGrid(spec: GridSpec): GridPlan {
  for (const [axis, list] of [
    ["archs", spec.archs],
    ["datasets", spec.datasets],
    ["seeds", spec.seeds],
  ] as const) {
    if (list.length === 0) throw new InputError(`grid: ${axis} is empty`);
    const seen = new Set<string>();
    for (const item of list.map(String)) {
      if (seen.has(item)) throw new InputError(`grid: ${axis} lists "${item}" twice`);
      seen.add(item);
    }
  }
  // An unknown architecture would only fail later, in every run's train command: refuse it here.
  for (const arch of spec.archs) architectureFacts(arch);
  for (const seed of spec.seeds)
    if (!Number.isInteger(seed) || seed < 0)
      throw new InputError(`grid: seeds must be whole numbers >= 0, got ${seed}`);
  const names = datasetNames(spec.datasets);
  const runs: GridRun[] = [];
  for (const arch of spec.archs)
    for (const [d, dataset] of spec.datasets.entries())
      for (const seed of spec.seeds) {
        const id = `${arch}-${names[d]}-seed${seed}`;
        const folder = `runs/${id}`;
        runs.push({
          id,
          arch,
          dataset,
          datasetName: names[d],
          seed,
          folder,
          argv: [
            "train",
            ...["--arch", arch, "--dataset", dataset, "--seed", String(seed)],
            ...spec.trainOptions,
            ...(spec.archOptions?.[arch] ?? []),
            ...["--out", folder, "--resume"],
          ],
        });
      }
  return { version: 1, ...spec, runs };
}

/** `train` options of the paper-scale study on a GPU cluster, as the README's `grid plan` command gives
 * them: torchvision's ResNet schedule (90 epochs, batch 256, lr 0.1, 5 warm-up epochs) on TensorFlow. */
export const PAPER_SCALE_OPTIONS = [
  ...["--scale", "paper", "--epochs", "90", "--batch-size", "256"],
  ...["--lr", "0.1", "--warmup-epochs", "5", "--backend", "tensorflow"],
];

/** The paper's study as a grid: the nine architectures at paper scale, each at its own paper input
 * side, on `datasets` (e.g. ImageNet's and ImageNot's training folders), with `seeds` seeds. */
export function paperStudyGrid(datasets: string[], seeds = 1): GridSpec {
  return {
    archs: [...ARCHITECTURES],
    datasets,
    seeds: Array.from({ length: seeds }, (_, i) => i),
    trainOptions: PAPER_SCALE_OPTIONS,
    archOptions: Object.fromEntries(
      ARCHITECTURES.map((a) => [a, ["--image-size", String(architectureFacts(a).paperInput[0])]]),
    ),
  };
}

/** Writes DIR/grid.json (pretty JSON, keys in a fixed order, so the same plan gives the same bytes). */
export function writeGridPlan(dir: string, plan: GridPlan): string {
  const path = join(dir, GRID_FILE);
  writeFileAtomic(path, JSON.stringify(plan, null, 2) + "\n");
  return path;
}

/** Reads and checks DIR/grid.json; a missing or malformed file throws InputError naming it. */
export function readGridPlan(dir: string): GridPlan {
  const path = join(dir, GRID_FILE);
  let plan: GridPlan;
  try {
    plan = JSON.parse(readFileSync(path, "utf8")) as GridPlan;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputError(
      `cannot read grid plan ${path}: ${why} (make one with imagenot-lab grid plan)`,
    );
  }
  const runOk = (r: GridRun) =>
    typeof r?.id === "string" &&
    typeof r.folder === "string" &&
    Array.isArray(r.argv) &&
    r.argv.every((a) => typeof a === "string");
  if (plan?.version !== 1 || !Array.isArray(plan.runs) || !plan.runs.every(runOk))
    throw new InputError(`${path} is not a grid plan (version 1 with runs [{id, folder, argv}])`);
  return plan;
}
