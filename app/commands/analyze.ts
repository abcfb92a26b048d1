/** `imagenot-lab analyze`: correlations, a linear fit and improvement over a baseline for two accuracy columns
 * of a CSV. */
import type { Command } from "../command";
import { choiceOption, parseArgs } from "../args";
import { InputError } from "../../src/errors";
import { readCsv, type CsvTable } from "../../src/util/csv";
import { SCALES, type Scale } from "../../src/analysis/accuracy";
import { pearson, spearman } from "../../src/analysis/correlation";
import { linearFit, type LinearFit } from "../../src/analysis/fit";
import { improvementOverBaseline } from "../../src/analysis/improvement";
import { kendallTauB, pairwiseAgreement } from "../../src/analysis/kendall";

const USAGE = `usage: imagenot-lab analyze FILE.csv --x COL --y COL [--scale raw|probit|logit] [--label COL] [--baseline NAME] [--json]

Compares two accuracy columns of a CSV (lines starting with # are comments): Pearson r, Spearman rho and Kendall
tau-b of the raw values, pairwise order agreement, and a least-squares line y = intercept + slope * x with R²,
standard errors and 95% t intervals on the chosen scale. Accuracies may be percents or fractions (detected per
column); probit and logit fit fractions and leave out values of exactly 0 or 1 (listed as left_out).
Rows with an empty x or y cell are left out and counted as dropped.

  --x COL, --y COL   the two accuracy columns (x: e.g. ImageNet, y: e.g. ImageNot)
  --scale S          raw (default), probit or logit
  --label COL        the column naming each row (default: "model" when present)
  --baseline NAME    also print each row's x and y divided by the row labelled NAME's
  --json             print one JSON object: n, dropped, pearson, spearman, kendall_tau_b,
                     fit {scale, slope, intercept, r2, ...}, and improvement [{label, x, y}] with --baseline`;

interface Columns {
  x: string;
  y: string;
  label: string | null;
}

interface Usable {
  labels: string[];
  x: number[];
  y: number[];
  dropped: number;
}

/** The column `name` of `table`, or a InputError naming it and listing the columns there are. */
function requireColumn(
  table: CsvTable,
  file: string,
  name: string | undefined,
  option: string,
): string {
  if (name === undefined)
    throw new InputError(
      `${option} COL is required (columns in ${file}: ${table.columns.join(", ")})`,
    );
  if (!table.columns.includes(name))
    throw new InputError(
      `${file}: no column "${name}" for ${option} (columns: ${table.columns.join(", ")})`,
    );
  return name;
}

/** Rows with numbers in both columns; empty cells drop the row, anything else that is not a number is an error. */
function usableRows(table: CsvTable, file: string, cols: Columns): Usable {
  const out: Usable = { labels: [], x: [], y: [], dropped: 0 };
  table.rows.forEach((row, i) => {
    const label = cols.label ? row[cols.label] : `row ${i + 1}`;
    if (row[cols.x] === "" || row[cols.y] === "") {
      out.dropped++;
      return;
    }
    const [x, y] = [cols.x, cols.y].map((col) => {
      const v = Number(row[col]);
      if (!Number.isFinite(v))
        throw new InputError(
          `${file}: row ${i + 1}${cols.label ? ` (${label})` : ""} column "${col}" is not a number: "${row[col]}"`,
        );
      return v;
    });
    out.labels.push(label);
    out.x.push(x);
    out.y.push(y);
  });
  return out;
}

/** The fit, with the analysis's RangeErrors (values off the accuracy range, too few points inside (0, 1),
 * constant x) as bad input. */
function fitOrInputError(data: Usable, scale: Scale, file: string, cols: Columns): LinearFit {
  try {
    return linearFit(data.x, data.y, { scale });
  } catch (e) {
    if (e instanceof RangeError)
      throw new InputError(
        `${file} (${cols.x} vs ${cols.y}): ${e.message.replace(/^linearFit:?\s*/, "")}`,
      );
    throw e;
  }
}

/** Each usable row's x and y divided by the baseline row's. */
function improvement(
  data: Usable,
  table: CsvTable,
  file: string,
  cols: Columns,
  baseline: string,
): { label: string; x: number; y: number }[] {
  if (!cols.label)
    throw new InputError(
      `--baseline needs a label column: ${file} has no "model" column, so pass --label COL`,
    );
  const index = data.labels.indexOf(baseline);
  if (index < 0) {
    const all = table.rows.map((r) => r[cols.label!]);
    if (all.includes(baseline))
      throw new InputError(
        `${file}: the baseline row "${baseline}" has an empty ${cols.x} or ${cols.y} cell`,
      );
    const shown =
      all.slice(0, 12).join(", ") + (all.length > 12 ? `, ... (${all.length} in all)` : "");
    throw new InputError(
      `${file}: --baseline "${baseline}" is not a value of column "${cols.label}" (values: ${shown})`,
    );
  }
  const x = improvementOverBaseline(data.x, index);
  const y = improvementOverBaseline(data.y, index);
  return data.labels.map((label, i) => ({ label, x: x[i], y: y[i] }));
}

function fmt(v: number | null, digits = 4): string {
  return v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(digits);
}

/** The readable report: correlations, the fit, then the improvement table. */
function formatReport(report: ReturnType<typeof analyzeTable>): string {
  const { fit } = report;
  const lines = [
    `${report.file}: y = ${report.y} against x = ${report.x}: ${report.n} rows (${report.dropped} dropped for empty cells)`,
    `  Pearson r           ${fmt(report.pearson)}`,
    `  Spearman rho        ${fmt(report.spearman)}`,
    `  Kendall tau-b       ${fmt(report.kendall_tau_b)}`,
    `  pairs in same order ${fmt(report.pairwise_agreement)}`,
    `  fit on ${fit.scale} scale: y = ${fmt(fit.intercept)} + ${fmt(fit.slope)} x   R² ${fmt(fit.r2)}   (${fit.n} points${fit.left_out.length ? `, ${fit.left_out.length} at 0 or 1 left out` : ""})`,
    `    slope      ${fmt(fit.slope)} ± ${fmt(fit.slope_se)}   95% [${fmt(fit.slope_ci[0])}, ${fmt(fit.slope_ci[1])}]`,
    `    intercept  ${fmt(fit.intercept)} ± ${fmt(fit.intercept_se)}   95% [${fmt(fit.intercept_ci[0])}, ${fmt(fit.intercept_ci[1])}]`,
  ];
  if (report.improvement) {
    const width = Math.max(5, ...report.improvement.map((r) => r.label.length));
    const wx = Math.max(10, report.x.length);
    const wy = Math.max(10, report.y.length);
    lines.push(
      "",
      `improvement over ${report.baseline} (value / baseline's):`,
      `  ${"label".padEnd(width)}  ${report.x.padStart(wx)}  ${report.y.padStart(wy)}`,
    );
    for (const r of report.improvement)
      lines.push(`  ${r.label.padEnd(width)}  ${fmt(r.x).padStart(wx)}  ${fmt(r.y).padStart(wy)}`);
  }
  return lines.join("\n");
}

/** The analysis of one CSV table, as the --json object. */
export function analyzeTable(
  table: CsvTable,
  file: string,
  opts: { x?: string; y?: string; label?: string; scale: Scale; baseline?: string },
) {
  const cols: Columns = {
    x: requireColumn(table, file, opts.x, "--x"),
    y: requireColumn(table, file, opts.y, "--y"),
    label:
      opts.label !== undefined
        ? requireColumn(table, file, opts.label, "--label")
        : table.columns.includes("model")
          ? "model"
          : null,
  };
  const data = usableRows(table, file, cols);
  if (data.x.length < 3) {
    throw new InputError(
      `${file}: only ${data.x.length} rows have numbers in both "${cols.x}" and "${cols.y}" (${data.dropped} with empty cells); need at least 3`,
    );
  }
  const fit = fitOrInputError(data, opts.scale, file, cols);
  return {
    file,
    x: cols.x,
    y: cols.y,
    label: cols.label,
    n: data.x.length,
    dropped: data.dropped,
    pearson: pearson(data.x, data.y),
    spearman: spearman(data.x, data.y),
    kendall_tau_b: kendallTauB(data.x, data.y),
    pairwise_agreement: pairwiseAgreement(data.x, data.y).agreement,
    fit: {
      scale: fit.scale,
      slope: fit.slope,
      intercept: fit.intercept,
      r2: fit.r2,
      slope_se: fit.slopeSE,
      intercept_se: fit.interceptSE,
      slope_ci: fit.slopeCI,
      intercept_ci: fit.interceptCI,
      level: fit.level,
      n: fit.n,
      x_unit: fit.xUnit,
      y_unit: fit.yUnit,
      left_out: fit.droppedIndices.map((i) => ({
        label: data.labels[i],
        x: data.x[i],
        y: data.y[i],
      })),
    },
    ...(opts.baseline !== undefined
      ? {
          baseline: opts.baseline,
          improvement: improvement(data, table, file, cols, opts.baseline),
        }
      : {}),
  };
}

export const analyzeCommand: Command = {
  name: "analyze",
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, {
      x: { kind: "value" },
      y: { kind: "value" },
      scale: { kind: "value" },
      label: { kind: "value" },
      baseline: { kind: "value" },
      json: { kind: "flag" },
    });
    if (args.positional.length !== 1)
      throw new InputError(
        `analyze takes one CSV file, got ${args.positional.length} (see imagenot-lab analyze --help)`,
      );
    const file = args.positional[0];
    const report = analyzeTable(readCsv(file), file, {
      x: args.values.get("x"),
      y: args.values.get("y"),
      label: args.values.get("label"),
      baseline: args.values.get("baseline"),
      scale: choiceOption(args, "scale", SCALES, "raw"),
    });
    process.stdout.write(
      (args.flags.has("json") ? JSON.stringify(report) : formatReport(report)) + "\n",
    );
    return 0;
  },
};
