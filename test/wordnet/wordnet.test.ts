import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { loadClassList } from "../../src/results/reference";
import { Rng } from "../../src/util/rng";
import { WORDNET_LICENSE, buildWordNetTable } from "../../src/wordnet/build";
import { classHierarchy } from "../../src/wordnet/hierarchy";
import { ENTITY, WORDNET_TABLE, loadWordNet } from "../../src/wordnet/wordnet";
import { python } from "../helpers/python";
import { PY_WORDNET, debianWordNetMissing } from "./pywordnet";

const skip = debianWordNetMissing();
const wn = loadWordNet();

/** A seeded sample of noun ids plus synsets with known quirks: the root, dog (two hypernyms), instances (New
 * Hampshire, the Hegira). */
function sampleIds(n: number, seed: number): string[] {
  const all = wn.ids();
  const rng = new Rng(seed);
  const picked = Array.from({ length: n }, () => all[rng.int(all.length)]);
  return [...new Set([ENTITY, "n02084071", "n09111366", "n00060548", ...picked])];
}

test(
  "the shipped table is exactly what scripts/build-wordnet.ts builds from Debian's wordnet-base",
  { skip },
  () => {
    const shipped = gunzipSync(readFileSync(WORDNET_TABLE)).toString("utf8");
    assert.equal(shipped, buildWordNetTable());
    assert.equal(readFileSync(join(WORDNET_TABLE, "..", "LICENSE"), "utf8"), WORDNET_LICENSE);
    assert.match(shipped, /^# .*\n(# .*\n|#\n)*# Source: Princeton WordNet 3\.0/);
    assert.match(shipped, /WordNet 3\.0 Copyright 2006 by Princeton University/);
  },
);

test(
  "every synset, lexicographer name, lemma list and parent list matches Python's reading of data.noun",
  { skip },
  () => {
    const py = python<Record<string, [string, string[], string[], string[]]>>(
      PY_WORDNET +
        `
print(json.dumps({k: [LEX[v["lex"]], v["lemmas"], v["hyp"], v["inst"]] for k, v in NOUNS.items()}))`,
    );
    assert.equal(wn.size, Object.keys(py).length);
    assert.equal(wn.size, 82115);
    for (const [id, [lexname, lemmas, hyp, inst]] of Object.entries(py)) {
      const s = wn.synset(id);
      assert.equal(s.lexname, lexname, id);
      assert.deepEqual(s.lemmas, lemmas, id);
      assert.deepEqual(s.hypernyms, hyp, id);
      assert.deepEqual(s.instanceHypernyms, inst, id);
    }
  },
);

test("hypernym closures, depths and path counts of sample synsets match Python", { skip }, () => {
  const ids = sampleIds(300, 6);
  const py = python<
    Record<string, { anc: Record<string, number>; min: number; max: number; paths: number }>
  >(
    PY_WORDNET +
      `
out = {}
for s in INPUT:
    d = up_dist(s)
    del d[s]
    out[s] = {"anc": d, "min": min_depth(s), "max": max_depth(s), "paths": n_paths(s)}
print(json.dumps(out))`,
    ids,
  );
  for (const id of ids) {
    const dist = Object.fromEntries([...wn.ancestorDistances(id)].filter(([s]) => s !== id));
    assert.deepEqual(dist, py[id].anc, id);
    assert.deepEqual([...wn.ancestors(id)].sort(), Object.keys(py[id].anc).sort(), id);
    assert.deepEqual(wn.depth(id), { min: py[id].min, max: py[id].max }, id);
    const paths = wn.hypernymPaths(id);
    assert.equal(paths.length, py[id].paths, id);
    for (const p of paths) {
      assert.equal(p[0], ENTITY);
      assert.equal(p[p.length - 1], id);
      assert.equal(p.length - 1 >= py[id].min && p.length - 1 <= py[id].max, true, id);
    }
  }
  // Instances reach the hierarchy only through @i pointers: without them New Hampshire would have no ancestors.
  assert.deepEqual(wn.synset("n09111366").instanceHypernyms, ["n08655464"]);
  assert.ok(wn.ancestors("n09111366").has(ENTITY));
});

test(
  "path distances between sample pairs match Python's shortest path through a common ancestor",
  { skip },
  () => {
    const ids = sampleIds(80, 7);
    const pairs = ids.slice(0, 40).map((a, i) => [a, ids[40 + i] ?? ENTITY]);
    pairs.push(["n02084071", "n02121620"], ["n02084071", "n02084071"], ["n02084071", ENTITY]);
    const py = python<number[]>(
      PY_WORDNET + `print(json.dumps([path_distance(a, b) for a, b in INPUT]))`,
      pairs,
    );
    pairs.forEach(([a, b], i) => {
      const { distance, via } = wn.pathDistance(a, b);
      assert.equal(distance, py[i], `${a} ${b}`);
      assert.equal(wn.pathDistance(b, a).distance, distance, "symmetric");
      assert.equal(
        wn.ancestorDistances(a).get(via)! + wn.ancestorDistances(b).get(via)!,
        distance,
        "via lies on the path",
      );
    });
  },
);

test("lemma names, labels and lexicographer files of well-known synsets", () => {
  assert.deepEqual(wn.lemmaNames("n02084071"), ["dog", "domestic dog", "Canis familiaris"]);
  assert.equal(wn.label("n01440764"), "tench");
  assert.equal(wn.lexname("n02084071"), "noun.animal");
  assert.equal(wn.lexname("n04037443"), "noun.artifact");
  assert.equal(wn.lexname(ENTITY), "noun.Tops");
  assert.match(wn.synset("n01440764").gloss ?? "", /freshwater/);
});

test("ids that are not WordNet 3.0 noun synsets are refused by name", () => {
  // 01168468 is a data.verb offset, n02084070 is one byte off dog: neither is a noun synset.
  for (const bad of ["n01168468", "n02084070", "02084071", "dog", ""]) {
    assert.equal(wn.has(bad), false, bad);
    assert.throws(() => wn.synset(bad), new RegExp(`"${bad}" is not a WordNet 3.0 noun synset`));
  }
  assert.deepEqual(wn.unknown(["n02084071", "n99999999", "x"]), ["n99999999", "x"]);
});

test(
  "the sunburst hierarchy of ImageNet's classes matches Python's primary-parent tree",
  { skip },
  () => {
    const ids = loadClassList("imagenet");
    const h = classHierarchy(wn, ids);
    const py = python<Record<string, [string, number]>>(
      PY_WORDNET +
        `
count, parent = {}, {}
for c in INPUT:
    s = c
    while s is not None:
        count[s] = count.get(s, 0) + 1
        ps = parents(s)
        parent[s] = ps[0] if ps else ""
        s = ps[0] if ps else None
print(json.dumps({s: [parent[s], count[s]] for s in count}))`,
      ids,
    );
    assert.equal(h.ids.length, Object.keys(py).length);
    assert.equal(new Set(h.ids).size, h.ids.length, "each synset once");
    const seen = new Set<string>();
    h.ids.forEach((id, i) => {
      assert.deepEqual([h.parents[i], h.values[i]], py[id], id);
      assert.ok(h.parents[i] === "" || seen.has(h.parents[i]), `${id}'s parent comes first`);
      assert.equal(h.labels[i], wn.label(id));
      assert.equal(h.isClass[i], ids.includes(id));
      seen.add(id);
    });
    assert.equal(h.values[h.ids.indexOf(ENTITY)], 1000);
    assert.equal(h.isClass.filter(Boolean).length, 1000);
  },
);
