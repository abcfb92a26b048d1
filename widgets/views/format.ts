/** Small helpers the views share for hover text, on top of src/analysis. */
import { detectUnit, ranks, type AccuracyUnit } from "../../src/analysis";

/** Ranks of the present values, 1 = highest, ties averaged (src/analysis ranks); missing values get null. */
export function descendingRanks(values: readonly (number | null)[]): (number | null)[] {
  const present = values.flatMap((v, i) => (v === null ? [] : [i]));
  const r = ranks(
    present.map((i) => values[i] as number),
    { descending: true },
  );
  const out: (number | null)[] = values.map(() => null);
  present.forEach((i, k) => {
    out[i] = r[k];
  });
  return out;
}

/** The unit of a column of accuracies with gaps (src/analysis detectUnit on the present values). */
export function accuracyUnit(
  values: readonly (number | null)[],
  what = "accuracies",
): AccuracyUnit {
  return detectUnit(
    values.filter((v): v is number => v !== null),
    what,
  );
}

/** An accuracy as text: percents stay percents, fractions become percents (0.7238 -> "72.38%"). */
export function formatAccuracy(value: number, unit: AccuracyUnit): string {
  return `${(unit === "fraction" ? value * 100 : value).toFixed(2)}%`;
}

/** Escapes the characters Plotly's hover text treats as markup. */
export function hoverEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
