/** The class comparison as plain rows for notebooks and widgets, and as danfojs-node DataFrames on request. */
import type { WordNet } from "../wordnet/wordnet";
import type { ClassComparison, Counts, DepthDistribution } from "./classes";

/** One class of a list with what WordNet says about it. */
export interface ClassRow {
  id: string;
  label: string;
  lexname: string;
  depthMin: number;
  depthMax: number;
  gloss: string;
}

/** One B class against list A. */
export interface ComparisonRow {
  id: string;
  label: string;
  lexname: string;
  shared: boolean;
  hyponymOfA: boolean;
  hypernymOfA: boolean;
  nearestA: string;
  nearestALabel: string;
  distance: number;
  via: string;
  viaLabel: string;
}

/** The classes of one list, one row each (unknown ids left out; check them with compareClasses first). */
export function classRows(wn: WordNet, ids: readonly string[]): ClassRow[] {
  return ids
    .filter((id) => wn.has(id))
    .map((id) => {
      const s = wn.synset(id);
      const d = wn.depth(id);
      return {
        id,
        label: wn.label(id),
        lexname: s.lexname,
        depthMin: d.min,
        depthMax: d.max,
        gloss: s.gloss ?? "",
      };
    });
}

/** One row per B class: its relation to list A and its nearest A class. */
export function comparisonRows(wn: WordNet, cmp: ClassComparison): ComparisonRow[] {
  const shared = new Set(cmp.shared);
  const hypo = new Set(cmp.bHyponymsOfA);
  const hyper = new Set(cmp.bHypernymsOfA);
  return cmp.nearest.map((n) => ({
    id: n.b,
    label: wn.label(n.b),
    lexname: wn.lexname(n.b),
    shared: shared.has(n.b),
    hyponymOfA: hypo.has(n.b),
    hypernymOfA: hyper.has(n.b),
    nearestA: n.a,
    nearestALabel: wn.label(n.a),
    distance: n.distance,
    via: n.via,
    viaLabel: wn.label(n.via),
  }));
}

/** Lexicographer-file counts side by side: one row per file name, counts for A and B (0 where absent). */
export function lexnameRows(
  cmp: ClassComparison,
): Array<{ lexname: string; a: number; b: number }> {
  const names = [...new Set([...Object.keys(cmp.lexnamesA), ...Object.keys(cmp.lexnamesB)])];
  return names
    .map((lexname) => ({ lexname, a: cmp.lexnamesA[lexname] ?? 0, b: cmp.lexnamesB[lexname] ?? 0 }))
    .sort((x, y) => y.a + y.b - (x.a + x.b) || (x.lexname < y.lexname ? -1 : 1));
}

/** The depth histograms in long form: one row per (list, measure, depth) with its class count. */
export function depthRows(
  cmp: ClassComparison,
): Array<{ list: "a" | "b"; measure: "min" | "max"; depth: number; count: number }> {
  const rows = (list: "a" | "b", measure: "min" | "max", hist: Counts) =>
    Object.entries(hist).map(([depth, count]) => ({ list, measure, depth: Number(depth), count }));
  const of = (list: "a" | "b", d: DepthDistribution) => [
    ...rows(list, "min", d.min),
    ...rows(list, "max", d.max),
  ];
  return [...of("a", cmp.depth.a), ...of("b", cmp.depth.b)];
}

export { toDataFrame } from "../util/dataframe";
