/** Kendall tau-b speed: our O(n log n) Knight count against a naive O(n²) pair loop and
 * scipy.stats.kendalltau, measured in
 * the same run on seeded data with ties: `node --import tsx bench/analysis.ts [--json]`. Ratio = peer time /
 * our time. */
import { spawnSync } from "node:child_process";
import { kendallTauB } from "../src/analysis/kendall";
import { parseArgs } from "../app/args";
import { Rng } from "../src/util/rng";
import { PYTHON } from "./peers/python";

const SIZES = [2_000, 20_000];

/** The textbook definition: every pair once, O(n²). */
function naiveKendallTauB(x: Float64Array, y: Float64Array): number {
  let s = 0,
    tiedX = 0,
    tiedY = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const xi = x[i],
      yi = y[i];
    for (let j = i + 1; j < n; j++) {
      const dx = xi - x[j],
        dy = yi - y[j];
      const p = dx * dy;
      if (p > 0) s++;
      else if (p < 0) s--;
      else {
        if (dx === 0) tiedX++;
        if (dy === 0) tiedY++;
      }
    }
  }
  const pairs = (n * (n - 1)) / 2;
  return s / Math.sqrt((pairs - tiedX) * (pairs - tiedY));
}

/** Correlated seeded accuracies on a 0.1% grid (so there are ties). */
function sample(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.round(1000 * rng.next()) / 10;
    y[i] = Math.round(10 * (0.9 * x[i] + 5 * rng.normal())) / 10;
  }
  return { x, y };
}

/** Best wall time in ms of `repeats` calls, and the last value. */
function time(fn: () => number, repeats: number): { ms: number; value: number } {
  let best = Infinity,
    value = NaN;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    value = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: best, value };
}

/** scipy.stats.kendalltau timed inside Python (best of 3), or null when scipy is not there. */
function scipyMs(x: Float64Array, y: Float64Array): number | null {
  const code = `import json, sys, time
from scipy import stats
d = json.load(sys.stdin); best = 1e9
for _ in range(3):
    t0 = time.perf_counter(); stats.kendalltau(d['x'], d['y']); best = min(best, time.perf_counter() - t0)
print(json.dumps(best * 1000))`;
  const r = spawnSync(PYTHON, ["-c", code], {
    input: JSON.stringify({ x: Array.from(x), y: Array.from(y) }),
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2), { json: { kind: "flag" } });
  const results = SIZES.map((n) => {
    const { x, y } = sample(n, n);
    time(() => kendallTauB(x, y), 3); // warm-up: let V8 optimise before timing
    const ours = time(() => kendallTauB(x, y), 10);
    const naive = time(() => naiveKendallTauB(x, y), n > 5000 ? 1 : 3);
    const scipy = scipyMs(x, y);
    if (Math.abs(ours.value - naive.value) > 1e-12)
      throw new Error(`n=${n}: fast ${ours.value} and naive ${naive.value} disagree`);
    return {
      n,
      tau: ours.value,
      ours_ms: ours.ms,
      naive_ms: naive.ms,
      scipy_ms: scipy,
      ratio_naive: naive.ms / ours.ms,
      ratio_scipy: scipy === null ? null : scipy / ours.ms,
    };
  });
  console.log(
    "analysis: Kendall tau-b, O(n log n) Knight count vs naive O(n^2) pairs and scipy.stats.kendalltau (best of repeats)",
  );
  console.log(
    `  ${"n".padStart(7)} ${"ours ms".padStart(9)} ${"naive ms".padStart(10)} ${"scipy ms".padStart(9)} ${"naive/ours".padStart(11)} ${"scipy/ours".padStart(11)}`,
  );
  for (const r of results) {
    console.log(
      `  ${String(r.n).padStart(7)} ${r.ours_ms.toFixed(2).padStart(9)} ${r.naive_ms.toFixed(1).padStart(10)} ${(r.scipy_ms?.toFixed(2) ?? "n/a").padStart(9)} ${r.ratio_naive.toFixed(1).padStart(11)} ${(r.ratio_scipy?.toFixed(2) ?? "n/a").padStart(11)}`,
    );
  }
  if (args.flags.has("json"))
    console.log(JSON.stringify({ bench: "analysis", kendall_tau_b: results }));
}

main();
