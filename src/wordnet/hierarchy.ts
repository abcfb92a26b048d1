/** A class list's place in the WordNet tree as plain data for a sunburst (Plotly's ids / labels / parents / values). */
import type { WordNet } from "./wordnet";

/** Parallel arrays as Plotly's sunburst trace takes them (use branchvalues "total"). */
export interface Hierarchy {
  ids: string[];
  labels: string[];
  /** "" for the root. */
  parents: string[];
  /** How many of the list's classes sit in each node's subtree, the node itself included. */
  values: number[];
  /** Whether the node is one of the list's classes (a class may also sit above others). */
  isClass: boolean[];
}

/** A synset's parent in the drawn tree: its first hypernym, else its first instance hypernym (WordNet lists
 * the primary one first). */
export function primaryParent(wn: WordNet, id: string): string | undefined {
  return wn.parents(id)[0];
}

/**
 * The tree of `ids` and their ancestors along primary parents, root first (parents always precede children).
 * WordNet is a DAG; drawing one parent per synset keeps each synset once, while closures elsewhere follow all paths.
 */
export function classHierarchy(wn: WordNet, ids: readonly string[]): Hierarchy {
  const classes = new Set(ids.filter((id) => wn.has(id)));
  const count = new Map<string, number>();
  const parentOf = new Map<string, string>();
  for (const id of classes) {
    for (let s: string | undefined = id; s !== undefined; s = primaryParent(wn, s)) {
      count.set(s, (count.get(s) ?? 0) + 1);
      parentOf.set(s, primaryParent(wn, s) ?? "");
    }
  }
  const children = new Map<string, string[]>();
  for (const [s, p] of parentOf) children.set(p, [...(children.get(p) ?? []), s]);
  const out: Hierarchy = { ids: [], labels: [], parents: [], values: [], isClass: [] };
  // Depth-first from the root(s), children by id, so the output is stable and parents come first.
  const visit = (s: string) => {
    out.ids.push(s);
    out.labels.push(wn.label(s));
    out.parents.push(parentOf.get(s) ?? "");
    out.values.push(count.get(s) ?? 0);
    out.isClass.push(classes.has(s));
    for (const c of (children.get(s) ?? []).sort()) visit(c);
  };
  for (const root of (children.get("") ?? []).sort()) visit(root);
  return out;
}

/**
 * The hierarchy without its lone trunk: while a single root that is not itself a class has a single child, that
 * child becomes the root. (entity > physical entity > object says nothing, and would give the sunburst one colour.)
 */
export function withoutTrunk(h: Hierarchy): Hierarchy {
  const drop = new Set<string>();
  for (;;) {
    const roots = h.ids.filter(
      (id, i) => !drop.has(id) && (h.parents[i] === "" || drop.has(h.parents[i])),
    );
    if (roots.length !== 1 || h.isClass[h.ids.indexOf(roots[0])]) break;
    const children = h.ids.filter((_, i) => h.parents[i] === roots[0]);
    if (children.length !== 1) break;
    drop.add(roots[0]);
  }
  const keep = h.ids.map((id) => !drop.has(id));
  const pick = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
  return {
    ids: pick(h.ids),
    labels: pick(h.labels),
    values: pick(h.values),
    isClass: pick(h.isClass),
    parents: pick(h.parents).map((p) => (drop.has(p) ? "" : p)),
  };
}
