/** The class comparison as plain rows for notebooks and widgets, and as danfojs-node DataFrames on request. */
import type { WordNet } from "../wordnet/wordnet";
import type { ClassComparison, Counts, DepthDistribution } from "./classes";

/** One class of a list with what WordNet says about it. */
export interface ClassRow {
  id: string;
  label: string;
  lexname: string;
  depth_min: number;
  depth_max: number;
  gloss: string;
}

/** One B class against list A. */
export interface ComparisonRow {
  id: string;
  label: string;
  lexname: string;
  shared: boolean;
  hyponym_of_a: boolean;
  hypernym_of_a: boolean;
  nearest_a: string;
  nearest_a_label: string;
  distance: number;
  via: string;
  via_label: string;
}

/** The classes of one list, one row each (unknown ids left out; check them with compareClasses first). */
export function classRows(wn: WordNet, ids: readonly string[]): ClassRow[] {
  return ids.filter((id) => wn.has(id)).map((id) => {
    const s = wn.synset(id);
    const d = wn.depth(id);
    return { id, label: wn.label(id), lexname: s.lexname, depth_min: d.min, depth_max: d.max, gloss: s.gloss ?? "" };
  });
}

/** One row per B class: its relation to list A and its nearest A class. */
export function comparisonRows(wn: WordNet, cmp: ClassComparison): ComparisonRow[] {
  const shared = new Set(cmp.shared);
  const hypo = new Set(cmp.b_hyponyms_of_a);
  const hyper = new Set(cmp.b_hypernyms_of_a);
  return cmp.nearest.map((n) => ({
    id: n.b, label: wn.label(n.b), lexname: wn.lexname(n.b),
    shared: shared.has(n.b), hyponym_of_a: hypo.has(n.b), hypernym_of_a: hyper.has(n.b),
    nearest_a: n.a, nearest_a_label: wn.label(n.a), distance: n.distance, via: n.via, via_label: wn.label(n.via),
  }));
}

/** Lexicographer-file counts side by side: one row per file name, counts for A and B (0 where absent). */
export function lexnameRows(cmp: ClassComparison): Array<{ lexname: string; a: number; b: number }> {
  const names = [...new Set([...Object.keys(cmp.lexnames_a), ...Object.keys(cmp.lexnames_b)])];
  return names
    .map((lexname) => ({ lexname, a: cmp.lexnames_a[lexname] ?? 0, b: cmp.lexnames_b[lexname] ?? 0 }))
    .sort((x, y) => y.a + y.b - (x.a + x.b) || (x.lexname < y.lexname ? -1 : 1));
}

/** The depth histograms in long form: one row per (list, measure, depth) with its class count. */
export function depthRows(cmp: ClassComparison): Array<{ list: "a" | "b"; measure: "min" | "max"; depth: number; count: number }> {
  const rows = (list: "a" | "b", measure: "min" | "max", hist: Counts) =>
    Object.entries(hist).map(([depth, count]) => ({ list, measure, depth: Number(depth), count }));
  const of = (list: "a" | "b", d: DepthDistribution) => [...rows(list, "min", d.min), ...rows(list, "max", d.max)];
  return [...of("a", cmp.depth.a), ...of("b", cmp.depth.b)];
}

export { toDataFrame } from "../util/dataframe";
