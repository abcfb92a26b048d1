/** src/engine/simd-peak.ts: the hand-assembled module does the arithmetic it claims (so its rate counts real
 * operations), and the measurement reports a rate for every thread. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CHAINS, measureSimdPeak, simdPeakModule } from "../../src/engine/simd-peak";

/** What the module's doc promises, computed in float32 in JavaScript: chain i starts at 0.1 * (i + 1) and runs
 * acc = acc * 0.5 + 1 `iterations` times; the result sums the chains in order. */
function expectedSum(iterations: number): number {
  let sum = 0;
  for (let i = 0; i < CHAINS; i++) {
    let a = Math.fround(0.1 * (i + 1));
    for (let k = 0; k < iterations; k++) a = Math.fround(Math.fround(a * 0.5) + 1);
    sum = i === 0 ? a : Math.fround(sum + a);
  }
  return sum;
}

test("the module's chains give what float32 multiply and add give in JavaScript", () => {
  const { run } = new WebAssembly.Instance(new WebAssembly.Module(simdPeakModule(false)))
    .exports as { run: (iterations: number) => number };
  for (const n of [1, 2, 7, 40]) assert.equal(run(n), expectedSum(n), `after ${n} iterations`);
});

test("the peak is measured on every thread at once", async () => {
  const peak = await measureSimdPeak(2, false, 0.05);
  assert.ok(peak);
  assert.equal(peak.threads, 2);
  assert.ok(peak.gflops > 0 && Number.isFinite(peak.gflops), `${peak.gflops} GFLOP/s`);
});

test("the fused measurement turns relaxed SIMD on, and its module gives the same sums", async () => {
  const peak = await measureSimdPeak(1, true, 0.05);
  assert.ok(peak?.fused);
  const { run } = new WebAssembly.Instance(new WebAssembly.Module(simdPeakModule(true)))
    .exports as { run: (iterations: number) => number };
  // Halving is exact, so a fused and an unfused multiply-add round alike.
  for (const n of [1, 7, 40]) assert.equal(run(n), expectedSum(n), `after ${n} iterations`);
});
