import { snakeCaseKeys } from "../../app/json";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareClasses, type ClassComparison } from "../../src/compare/classes";
import {
  classRows,
  comparisonRows,
  depthRows,
  lexnameRows,
  toDataFrame,
} from "../../src/compare/classesTables";
import { classListPath, loadClassList, type ClassListName } from "../../src/results/reference";
import { Rng } from "../../src/util/rng";
import { loadWordNet } from "../../src/wordnet/wordnet";
import { runCli } from "../helpers/cli";
import { python } from "../helpers/python";
import { PY_WORDNET, debianWordNetMissing } from "../wordnet/pywordnet";

const skip = debianWordNetMissing();
const wn = loadWordNet();
const imagenet = loadClassList("imagenet");
const B_LISTS: ClassListName[] = ["imagenot", "imagenot_v1"];

interface PyComparison {
  shared: string[];
  hypo: string[];
  hyper: string[];
  lex_a: Record<string, number>;
  lex_b: Record<string, number>;
  depth_b: { min: Record<string, number>; max: Record<string, number> };
  /** For the sampled B classes: [b, nearest a, distance], brute force over every A class. */
  nearest: Array<[string, string, number]>;
}

/** Python's comparison of ImageNet (A) with each ImageNot list (B), straight from data.noun. */
function pythonComparisons(): Record<string, PyComparison> {
  const rng = new Rng(66);
  const input = {
    a: imagenet,
    bs: Object.fromEntries(
      B_LISTS.map((name) => {
        const b = loadClassList(name);
        return [name, { ids: b, sample: Array.from({ length: 40 }, () => b[rng.int(b.length)]) }];
      }),
    ),
  };
  return python<Record<string, PyComparison>>(
    PY_WORDNET +
      `
from collections import Counter
A = INPUT["a"]
aset = set(A)
aup = {a: up_dist(a) for a in A}
a_anc = set(c for a in A for c in aup[a] if c != a)
def nearest(b):
    db = up_dist(b)
    best = None
    for a in sorted(A):
        da = aup[a]
        d = min(da[c] + db[c] for c in da if c in db)
        if best is None or d < best[2]:
            best = [b, a, d]
    return best
out = {}
for name, spec in INPUT["bs"].items():
    B = spec["ids"]
    out[name] = {
        "shared": [b for b in B if b in aset],
        "hypo": [b for b in B if any(c in aset for c in up_dist(b) if c != b)],
        "hyper": [b for b in B if b in a_anc],
        "lex_a": dict(Counter(LEX[NOUNS[a]["lex"]] for a in A)),
        "lex_b": dict(Counter(LEX[NOUNS[b]["lex"]] for b in B)),
        "depth_b": {"min": dict(Counter(str(min_depth(b)) for b in B)), "max": dict(Counter(str(max_depth(b)) for b in B))},
        "nearest": [nearest(b) for b in spec["sample"]],
    }
print(json.dumps(out))`,
    input,
  );
}

const py = skip ? undefined : pythonComparisons();

/** Asserts our comparison agrees with Python's on every count the contract names. */
function assertMatchesPython(c: ClassComparison, p: PyComparison): void {
  assert.deepEqual(c.a, { n: 1000 });
  assert.deepEqual(c.b, { n: 1000 });
  assert.deepEqual(c.shared, p.shared);
  assert.deepEqual(c.bHyponymsOfA, p.hypo);
  assert.deepEqual(c.bHypernymsOfA, p.hyper);
  assert.deepEqual(c.unknownIds, []);
  assert.deepEqual(c.lexnamesA, p.lex_a);
  assert.deepEqual(c.lexnamesB, p.lex_b);
  assert.deepEqual(c.depth.b.min, p.depth_b.min);
  assert.deepEqual(c.depth.b.max, p.depth_b.max);
}

for (const name of B_LISTS) {
  test(
    `ImageNet vs ${name}: shared, hyponyms, hypernyms, lexnames and depths match Python`,
    { skip },
    () => {
      const c = compareClasses(imagenet, loadClassList(name), wn);
      assertMatchesPython(c, py![name]);
      const byB = new Map(c.nearest.map((n) => [n.b, n]));
      for (const [b, a, d] of py![name].nearest) {
        assert.deepEqual([byB.get(b)!.a, byB.get(b)!.distance], [a, d], b);
        assert.equal(wn.pathDistance(b, a).distance, d);
      }
      assert.equal(
        Object.values(c.nearestDistance).reduce((s, v) => s + v, 0),
        1000,
      );
      assert.equal(c.nearestDistance["0"] ?? 0, c.shared.length, "distance 0 only for shared ids");
    },
  );

  test(
    `compare-classes --json on ImageNet vs ${name} prints the contract keys with Python's counts`,
    { skip },
    () => {
      const r = runCli([
        "compare-classes",
        classListPath("imagenet"),
        classListPath(name),
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      for (const key of [
        "a",
        "b",
        "shared",
        "b_hyponyms_of_a",
        "b_hypernyms_of_a",
        "unknown_ids",
        "lexnames_b",
      ])
        assert.ok(key in out, key);
      // The library's comparison (checked against Python above), with the command's snake_case keys.
      assert.deepEqual(out, snakeCaseKeys(compareClasses(imagenet, loadClassList(name), wn)));
    },
  );
}

test(
  "compare-classes prints a readable report without --json, taking shipped lists by name",
  { skip },
  () => {
    const r = runCli(["compare-classes", "imagenet", "imagenot"]);
    assert.equal(r.code, 0, r.stderr);
    const p = py!.imagenot;
    assert.match(r.stdout, /A ilsvrc2012_wnids\.txt: 1000 classes/);
    assert.match(r.stdout, new RegExp(`B classes below an A class: +${p.hypo.length}\\b`));
    assert.match(r.stdout, new RegExp(`B classes above an A class: +${p.hyper.length}\\b`));
    assert.match(
      r.stdout,
      new RegExp(`noun\\.artifact +${p.lex_a["noun.artifact"]} +${p.lex_b["noun.artifact"]}`),
    );
  },
);

test("hyponym and hypernym relations on a small hand-made pair of lists", () => {
  // dog; its hypernym canine; its hyponym Chihuahua; cat shares only carnivore with dog.
  const c = compareClasses(["n02084071"], ["n02083346", "n02085620", "n02121620", "n02084071"], wn);
  assert.deepEqual(c.shared, ["n02084071"]);
  assert.deepEqual(c.bHypernymsOfA, ["n02083346"]);
  assert.deepEqual(c.bHyponymsOfA, ["n02085620"]);
  assert.deepEqual(
    c.nearest.map((n) => [n.b, n.distance]),
    [
      ["n02083346", 1],
      ["n02085620", 2],
      ["n02121620", 4],
      ["n02084071", 0],
    ],
  );
  assert.equal(wn.label(c.nearest[2].via), "carnivore");
});

test("unknown ids are listed and left out of the library comparison", () => {
  const c = compareClasses(["n02084071", "n99999999"], ["n02121620", "nope"], wn);
  assert.deepEqual(c.unknownIds, ["n99999999", "nope"]);
  assert.deepEqual([c.a.n, c.b.n], [1, 1]);
});

test("compare-classes refuses bad input with exit 2 and a reason naming it", () => {
  const dir = mkdtempSync(join(tmpdir(), "compare-classes-"));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const good = classListPath("imagenet");
  const bogus = Array.from({ length: 8 }, (_, i) => `n9999999${i}`);
  const cases: Array<[string[], RegExp]> = [
    [
      [good, write("unknown.txt", ["n02084071", ...bogus, "dog"].join("\n"))],
      /unknown\.txt has 9 id\(s\) that are not WordNet 3\.0 noun synsets.*n99999990, n99999991, n99999992, n99999993, n99999994 and 4 more/,
    ],
    [[good, join(dir, "missing.txt")], /missing\.txt does not exist/],
    [[good, "imagenet21k"], /imagenet21k does not exist .*one of imagenet, imagenot, imagenot_v1/],
    [[write("empty.txt", "# nothing\n\n"), good], /empty\.txt holds no ids/],
    [
      [good, write("twice.txt", "n02084071\nn02121620\nn02084071\n")],
      /twice\.txt repeats 1 id\(s\): n02084071/,
    ],
    [[good], /needs two class list files/],
    [[good, good, "--csv"], /unknown option --csv/],
  ];
  for (const [args, reason] of cases) {
    const r = runCli(["compare-classes", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, reason);
    assert.equal(r.stderr.trim().split("\n").length, 1, "one line");
    assert.equal(r.stdout, "");
  }
});

test("tables: rows per class and per lexicographer file add up, and become DataFrames", () => {
  const c = compareClasses(imagenet, loadClassList("imagenot"), wn);
  const rows = comparisonRows(wn, c);
  assert.equal(rows.length, c.b.n);
  assert.equal(rows.filter((r) => r.hyponymOfA).length, c.bHyponymsOfA.length);
  assert.equal(rows.filter((r) => r.hypernymOfA).length, c.bHypernymsOfA.length);
  for (const r of rows.slice(0, 20))
    assert.equal(wn.pathDistance(r.id, r.nearestA).distance, r.distance);
  const lex = lexnameRows(c);
  assert.equal(
    lex.reduce((s, r) => s + r.a, 0),
    c.a.n,
  );
  assert.equal(
    lex.reduce((s, r) => s + r.b, 0),
    c.b.n,
  );
  const depth = depthRows(c);
  for (const list of ["a", "b"] as const)
    for (const measure of ["min", "max"] as const) {
      assert.equal(
        depth
          .filter((r) => r.list === list && r.measure === measure)
          .reduce((s, r) => s + r.count, 0),
        1000,
      );
    }
  const cls = classRows(wn, imagenet.slice(0, 5));
  assert.equal(cls[0].label, "tench");
  assert.ok(cls.every((r) => r.gloss !== "" && r.depthMin <= r.depthMax));
  const df = toDataFrame(lex);
  assert.deepEqual(df.shape, [lex.length, 3]);
  assert.deepEqual(df.columns, ["lexname", "a", "b"]);
  assert.throws(() => toDataFrame([]), /no rows/);
});
