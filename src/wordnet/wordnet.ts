/** WordNet 3.0 nouns in memory: synset lookup, hypernym closure, depths, lexicographer files and path distances. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { lexnameOf } from "./lexnames";
import { parseRecords, type SynsetRecord } from "./records";

/** The shipped table, built from Debian's wordnet-base by scripts/build-wordnet.ts. */
export const WORDNET_TABLE = join(
  __dirname,
  "..",
  "..",
  "data",
  "wordnet",
  "wordnet30-nouns.tsv.gz",
);

/** WordNet 3.0's single noun root, `entity`. */
export const ENTITY = "n00001740";

/** A noun synset with ids in the ImageNet form: `n` + 8-digit offset. */
export interface Synset {
  id: string;
  lexname: string;
  lemmas: string[];
  hypernyms: string[];
  instanceHypernyms: string[];
  /** Present for the shipped class lists' synsets and their ancestors only. */
  gloss?: string;
}

/** WordNet 3.0's noun hierarchy; every method takes and returns `n########` ids. */
export class WordNet {
  private readonly synsets = new Map<string, Synset>();
  private readonly maxDepths = new Map<string, number>();

  /** Builds the index from table records; `source` is the table's provenance text. */
  constructor(
    records: readonly SynsetRecord[],
    readonly source: string,
  ) {
    for (const r of records) {
      this.synsets.set(`n${r.offset}`, {
        id: `n${r.offset}`,
        lexname: lexnameOf(r.lexfile),
        lemmas: r.lemmas,
        hypernyms: r.hypernyms.map((o) => `n${o}`),
        instanceHypernyms: r.instanceHypernyms.map((o) => `n${o}`),
        ...(r.gloss === undefined ? {} : { gloss: r.gloss }),
      });
    }
  }

  /** The number of noun synsets. */
  get size(): number {
    return this.synsets.size;
  }

  /** Every noun synset id, in data.noun order. */
  ids(): string[] {
    return [...this.synsets.keys()];
  }

  /** Whether `id` is a WordNet 3.0 noun synset. */
  has(id: string): boolean {
    return this.synsets.has(id);
  }

  /** The synset `id`; throws naming the id when it is not a WordNet 3.0 noun synset. */
  synset(id: string): Synset {
    const s = this.synsets.get(id);
    if (!s)
      throw new Error(
        `"${id}" is not a WordNet 3.0 noun synset id (expected n + an 8-digit data.noun offset)`,
      );
    return s;
  }

  /** The ids among `ids` that are not WordNet 3.0 noun synsets, in input order. */
  unknown(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.synsets.has(id));
  }

  /** Direct parents: hypernyms, then instance hypernyms. */
  parents(id: string): string[] {
    const s = this.synset(id);
    return [...s.hypernyms, ...s.instanceHypernyms];
  }

  /** Every ancestor reachable through hypernym and instance-hypernym pointers, with its shortest distance;
   * `id` itself at 0. */
  ancestorDistances(id: string): Map<string, number> {
    const dist = new Map<string, number>([[id, 0]]);
    let frontier = [id];
    for (let d = 1; frontier.length > 0; d++) {
      const next: string[] = [];
      for (const s of frontier) {
        for (const p of this.parents(s)) {
          if (!dist.has(p)) {
            dist.set(p, d);
            next.push(p);
          }
        }
      }
      frontier = next;
    }
    return dist;
  }

  /** The hypernym closure: all ancestors along every path (hypernym and instance hypernym), without `id` itself. */
  ancestors(id: string): Set<string> {
    const all = new Set(this.ancestorDistances(id).keys());
    all.delete(id);
    return all;
  }

  /** Every path from the root `entity` down to `id` (as NLTK's hypernym_paths), root first. */
  hypernymPaths(id: string): string[][] {
    const parents = this.parents(id);
    if (parents.length === 0) return [[id]];
    return parents.flatMap((p) => this.hypernymPaths(p).map((path) => [...path, id]));
  }

  /** The shortest (min) and longest (max) number of hypernym steps from `id` up to a root. */
  depth(id: string): { min: number; max: number } {
    const dist = this.ancestorDistances(id);
    let min = Infinity;
    for (const [s, d] of dist) if (this.parents(s).length === 0) min = Math.min(min, d);
    return { min, max: this.maxDepth(id) };
  }

  private maxDepth(id: string): number {
    const known = this.maxDepths.get(id);
    if (known !== undefined) return known;
    const parents = this.parents(id);
    const d = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => this.maxDepth(p)));
    this.maxDepths.set(id, d);
    return d;
  }

  /** The lexicographer file name (noun.artifact, noun.animal, ...). */
  lexname(id: string): string {
    return this.synset(id).lexname;
  }

  /** The lemmas, with WordNet's underscores turned into spaces. */
  lemmaNames(id: string): string[] {
    return this.synset(id).lemmas.map((l) => l.replace(/_/g, " "));
  }

  /** A short readable label: the first lemma. */
  label(id: string): string {
    return this.lemmaNames(id)[0];
  }

  /**
   * The shortest path between two synsets through a common ancestor (up from `a`, down to `b`), with that ancestor;
   * as NLTK's shortest_path_distance. Every noun shares `entity`, so there always is one.
   */
  pathDistance(a: string, b: string): { distance: number; via: string } {
    const da = this.ancestorDistances(a);
    let best = { distance: Infinity, via: "" };
    for (const [c, d] of this.ancestorDistances(b)) {
      const up = da.get(c);
      if (
        up !== undefined &&
        (up + d < best.distance || (up + d === best.distance && c < best.via))
      )
        best = { distance: up + d, via: c };
    }
    if (best.via === "") throw new Error(`synsets ${a} and ${b} share no ancestor`);
    return best;
  }
}

let shipped: WordNet | undefined;

/** Reads a WordNet table file (gzipped or plain text, as written by scripts/build-wordnet.ts). */
export function readWordNetTable(path: string): WordNet {
  const raw = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const { header, records } = parseRecords(text, path);
  return new WordNet(records, header.filter((h) => h.startsWith("Source:")).join("\n"));
}

/** The shipped WordNet 3.0 nouns, read once per process (about 80k synsets, a fraction of a second). */
export function loadWordNet(): WordNet {
  shipped ??= readWordNetTable(WORDNET_TABLE);
  return shipped;
}
