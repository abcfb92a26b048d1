/** Compares two class vocabularies (lists of WordNet 3.0 noun ids) through the WordNet noun hierarchy. */
import { loadWordNet, type WordNet } from "../wordnet/wordnet";

/** Counts by key, keys sorted by count (desc) then name, so JSON output reads top-down. */
export type Counts = Record<string, number>;

/** How deep a list's classes sit: hypernym steps up to `entity`, shortest and longest path. */
export interface DepthDistribution {
  meanMin: number;
  meanMax: number;
  /** Depth (as a string key) -> number of classes whose shortest path has that length. */
  min: Counts;
  /** Depth -> number of classes whose longest path has that length. */
  max: Counts;
}

/** A B class's closest A class by path distance, through their nearest common ancestor `via`. */
export interface NearestClass {
  b: string;
  a: string;
  distance: number;
  via: string;
}

/** What `imagenot-lab compare-classes --json` prints; the first keys are DESIGN.md's contract. */
export interface ClassComparison {
  a: { n: number };
  b: { n: number };
  /** Ids in both lists. */
  shared: string[];
  /** B classes with an A class among their (strict) ancestors. */
  bHyponymsOfA: string[];
  /** B classes that are a (strict) ancestor of some A class. */
  bHypernymsOfA: string[];
  /** Ids in either list that are not WordNet 3.0 noun synsets (left out of everything else). */
  unknownIds: string[];
  lexnamesA: Counts;
  lexnamesB: Counts;
  depth: { a: DepthDistribution; b: DepthDistribution };
  /** For each B class in list order, its nearest A class (ties: smallest A id, then smallest common ancestor id). */
  nearest: NearestClass[];
  /** Path distance -> number of B classes whose nearest A class is that far (0 = shared). */
  nearestDistance: Counts;
}

/** Counts `keys`, ordered by count descending then key. */
export function countBy(keys: readonly string[]): Counts {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return Object.fromEntries(
    [...m].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)),
  );
}

/** Counts numbers, ordered by value ascending (for histograms). */
function numberHistogram(values: readonly number[]): Counts {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return Object.fromEntries([...m].sort((x, y) => x[0] - y[0]).map(([k, c]) => [String(k), c]));
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** The depth distribution of `ids` (all must be known synsets). */
export function depthDistribution(wn: WordNet, ids: readonly string[]): DepthDistribution {
  const depths = ids.map((id) => wn.depth(id));
  const mins = depths.map((d) => d.min);
  const maxs = depths.map((d) => d.max);
  return {
    meanMin: mean(mins),
    meanMax: mean(maxs),
    min: numberHistogram(mins),
    max: numberHistogram(maxs),
  };
}

/**
 * Each of `from`'s nearest synset among `to` by path distance through a common ancestor, in one pass:
 * first the shortest way down from every ancestor to some `to` synset, then up from each `from` synset.
 */
export function nearestClasses(
  wn: WordNet,
  from: readonly string[],
  to: readonly string[],
): NearestClass[] {
  if (to.length === 0) throw new Error("nearestClasses: the list to search in is empty");
  const down = new Map<string, { d: number; a: string }>();
  for (const a of to) {
    for (const [c, d] of wn.ancestorDistances(a)) {
      const best = down.get(c);
      if (!best || d < best.d || (d === best.d && a < best.a)) down.set(c, { d, a });
    }
  }
  return from.map((b) => {
    let best: NearestClass | undefined;
    for (const [c, up] of wn.ancestorDistances(b)) {
      const hit = down.get(c);
      if (!hit) continue;
      const cand = { b, a: hit.a, distance: up + hit.d, via: c };
      if (
        !best ||
        cand.distance < best.distance ||
        (cand.distance === best.distance &&
          (cand.a < best.a || (cand.a === best.a && c < best.via)))
      )
        best = cand;
    }
    if (!best) throw new Error(`${b} shares no ancestor with any class of the other list`);
    return best;
  });
}

/** Compares class list B against class list A (ids kept in list order, duplicates dropped). */
export function compareClasses(
  aIds: readonly string[],
  bIds: readonly string[],
  wn: WordNet = loadWordNet(),
): ClassComparison {
  const unknown = [...new Set([...wn.unknown(aIds), ...wn.unknown(bIds)])];
  const a = [...new Set(aIds)].filter((id) => wn.has(id));
  const b = [...new Set(bIds)].filter((id) => wn.has(id));
  const aSet = new Set(a);
  const aAncestors = new Set(a.flatMap((id) => [...wn.ancestors(id)]));
  const nearest = a.length === 0 ? [] : nearestClasses(wn, b, a);
  return {
    a: { n: a.length },
    b: { n: b.length },
    shared: b.filter((id) => aSet.has(id)),
    bHyponymsOfA: b.filter((id) => [...wn.ancestors(id)].some((s) => aSet.has(s))),
    bHypernymsOfA: b.filter((id) => aAncestors.has(id)),
    unknownIds: unknown,
    lexnamesA: countBy(a.map((id) => wn.lexname(id))),
    lexnamesB: countBy(b.map((id) => wn.lexname(id))),
    depth: { a: depthDistribution(wn, a), b: depthDistribution(wn, b) },
    nearest,
    nearestDistance: numberHistogram(nearest.map((n) => n.distance)),
  };
}
