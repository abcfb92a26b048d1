/** Typed loaders for the reference tables shipped in data/reference, each with its source line. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv, type CsvTable } from "../util/csv";

/** The folder holding the shipped reference tables. */
export const REFERENCE_DIR = join(__dirname, "..", "..", "data", "reference");

/** Where a number comes from: printed by its authors, read off a figure's pixels, or our own run. */
export type Provenance = "published" | "digitised" | "run";

export interface Sourced<T> {
  /** The table's `# Source:` line(s), verbatim. */
  source: string;
  rows: T[];
}

export interface Figure1Row {
  /** Position on the figure's x axis (the architectures in time order). */
  xOrder: number;
  model: string;
  torchvisionBuilder: string;
  /** Published: torchvision IMAGENET1K_V1 top-1 and top-5, percent. */
  imagenetTop1: number;
  imagenetTop5: number;
  /** Derived exactly from the published top-1: top-1 divided by AlexNet's. */
  imagenetRelImprovement: number;
  /** Digitised from the authors' figure (about ±0.005); not published numbers. */
  imagenetRelImprovementDigitised: number;
  imagenotRelImprovementDigitised: number;
  /** Ranks read off the figure's left panel (1 = best). */
  rankImagenet: number;
  rankImagenot: number;
}

export interface TestbedRow {
  model: string;
  /** Top-1 percent by test set; null where the model was not evaluated. */
  top1: Record<string, number | null>;
}

function readTable(file: string): CsvTable {
  return parseCsv(readFileSync(join(REFERENCE_DIR, file), "utf8"), file);
}

function num(row: Record<string, string>, col: string, file: string): number {
  const v = Number(row[col]);
  if (row[col] === "" || !Number.isFinite(v))
    throw new Error(`${file}: column ${col} is not a number in row ${JSON.stringify(row)}`);
  return v;
}

/** The nine architectures of the paper's figure 'Improvement from AlexNet', in x order. */
export function loadFigure1(): Sourced<Figure1Row> {
  const file = "imagenot_figure1.csv";
  const t = readTable(file);
  const rows = t.rows.map((r) => ({
    xOrder: num(r, "x_order", file),
    model: r.model,
    torchvisionBuilder: r.torchvision_builder,
    imagenetTop1: num(r, "imagenet_top1", file),
    imagenetTop5: num(r, "imagenet_top5", file),
    imagenetRelImprovement: num(r, "imagenet_rel_improvement_over_alexnet", file),
    imagenetRelImprovementDigitised: num(r, "imagenet_rel_improvement_digitized", file),
    imagenotRelImprovementDigitised: num(r, "imagenot_rel_improvement_digitized", file),
    rankImagenet: num(r, "rank_imagenet_fig", file),
    rankImagenot: num(r, "rank_imagenot_fig", file),
  }));
  rows.sort((a, b) => a.xOrder - b.xOrder);
  return { source: t.comments.join("\n"), rows };
}

/** The 338-model robustness testbed of Taori et al. 2020 (top-1 percent per test set). */
export function loadTestbed(): Sourced<TestbedRow> & { testSets: string[] } {
  const file = "imagenet_testbed_top1.csv";
  const t = readTable(file);
  const testSets = t.columns.filter((c) => c !== "model");
  const rows = t.rows.map((r) => ({
    model: r.model,
    top1: Object.fromEntries(testSets.map((c) => [c, r[c] === "" ? null : num(r, c, file)])),
  }));
  return { source: t.comments.join("\n"), rows, testSets };
}

/** Trainable parameter counts of torchvision's builders at 1000 classes, by builder name. */
export function loadParamCounts(): Sourced<{ builder: string; params: number }> {
  const file = "torchvision_param_counts.csv";
  const t = readTable(file);
  return {
    source: t.comments.join("\n"),
    rows: t.rows.map((r) => ({ builder: r.torchvision_builder, params: num(r, "params", file) })),
  };
}

export type ClassListName = "imagenet" | "imagenot" | "imagenot_v1";

const CLASS_LIST_FILES: Record<ClassListName, string> = {
  imagenet: "ilsvrc2012_wnids.txt",
  imagenot: "imagenot_classes.txt",
  imagenot_v1: "imagenot_classes_v1.txt",
};

/** Parses a class list: one id a line, blank lines and `#` comments ignored. */
export function parseClassList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** A shipped class list: ImageNet-1k's, or one of the two published ImageNot lists. */
export function loadClassList(name: ClassListName): string[] {
  return parseClassList(readFileSync(join(REFERENCE_DIR, CLASS_LIST_FILES[name]), "utf8"));
}

/** The path of a shipped class list, for commands that take files. */
export function classListPath(name: ClassListName): string {
  return join(REFERENCE_DIR, CLASS_LIST_FILES[name]);
}
