/** The most float32 arithmetic WebAssembly SIMD can do on this machine: a module of independent
 * multiply-add chains on 128-bit vectors, run on every thread at once. XNNPACK's kernels in tfjs-backend-wasm
 * use the same instructions (f32x4.mul and f32x4.add, no fused multiply-add) and convolve directly, as
 * PyTorch's oneDNN does on this CPU, so an engine built on them cannot train faster than this rate divided by
 * the arithmetic of a step (an algorithm with fewer multiplications, such as Winograd's, could). With V8's
 * relaxed SIMD (a flag in Node 20, not used by the prebuilt tfjs-backend-wasm) f32x4.relaxed_madd may fuse
 * the two, which `fused` measures. */
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";

/** Independent accumulators per loop iteration: enough chains to fill the vector units, few enough (with the
 * two constants) for x64's 16 vector registers. */
export const CHAINS = 12;
/** Floating-point operations per loop iteration: CHAINS vectors of 4 lanes, a multiply and an add each. */
const FLOPS_PER_ITERATION = CHAINS * 4 * 2;
const MUL = 0.5;
const ADD = 1;

/** The start value of chain i (lane-wise the same). */
function chainStart(i: number): number {
  return 0.1 * (i + 1);
}

/** A wasm module exporting `run(iterations: i32): f32`: every chain runs acc = acc * 0.5 + 1 (a multiply and
 * an add, or one relaxed_madd when `fused`) `iterations` times; the result is the sum of the chains' first
 * lanes, so that no work can be skipped. */
export function simdPeakModule(fused: boolean): Uint8Array {
  const acc = (i: number) => 1 + i; // local 0 is the parameter
  const mul = 1 + CHAINS;
  const add = 2 + CHAINS;
  const get = (l: number) => [0x20, l];
  const set = (l: number) => [0x21, l];
  const splat = (v: number) => [0x43, ...f32Bytes(v), 0xfd, 0x13];
  const body: number[] = [];
  body.push(...splat(MUL), ...set(mul), ...splat(ADD), ...set(add));
  for (let i = 0; i < CHAINS; i++) body.push(...splat(chainStart(i)), ...set(acc(i)));
  body.push(0x03, 0x40); // loop
  for (let i = 0; i < CHAINS; i++) {
    body.push(...get(acc(i)), ...get(mul));
    if (fused)
      body.push(...get(add), 0xfd, 0x85, 0x02); // f32x4.relaxed_madd
    else body.push(0xfd, 0xe6, 0x01, ...get(add), 0xfd, 0xe4, 0x01); // f32x4.mul, f32x4.add
    body.push(...set(acc(i)));
  }
  // iterations -= 1; loop while non-zero
  body.push(...get(0), 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b);
  for (let i = 0; i < CHAINS; i++) {
    body.push(...get(acc(i)), 0xfd, 0x1f, 0); // f32x4.extract_lane 0
    if (i > 0) body.push(0x92); // f32.add
  }
  body.push(0x0b);
  const locals = [1, CHAINS + 2, 0x7b]; // one run of v128 locals
  const code = [...uleb(locals.length + body.length), ...locals, ...body];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) -> f32
    ...section(3, [1, 0]), // one function of that type
    ...section(7, [1, 3, ...Buffer.from("run"), 0x00, 0]), // export "run"
    ...section(10, [1, ...code]),
  ]);
}

export interface SimdPeak {
  /** Billions of float32 operations per second, all threads together. */
  gflops: number;
  threads: number;
  fused: boolean;
}

/** Runs the module on `threads` worker threads at once (after a warm-up that lets V8 optimise it) for
 * about `seconds`, and returns the rate of all threads together. `fused` first turns on V8's relaxed SIMD
 * for the rest of the process (modules compiled before keep their code; so measure it after other timings),
 * and gives null where this V8 has no relaxed SIMD. */
export async function measureSimdPeak(
  threads: number,
  fused = false,
  seconds = 0.5,
): Promise<SimdPeak | null> {
  const bytes = simdPeakModule(fused);
  if (fused) setFlagsFromString("--experimental-wasm-relaxed-simd");
  if (!WebAssembly.validate(bytes)) return null;
  const module = new WebAssembly.Module(bytes);
  const workers = Array.from(
    { length: threads },
    () => new Worker(WORKER, { eval: true, workerData: { module, seconds } }),
  );
  try {
    const rates = await Promise.all(
      workers.map(
        (w) =>
          new Promise<number>((resolve, reject) => {
            w.once("message", (m: { iterations: number; ms: number }) =>
              resolve((m.iterations * FLOPS_PER_ITERATION) / (m.ms * 1e6)),
            );
            w.once("error", reject);
          }),
      ),
    );
    return { gflops: rates.reduce((s, r) => s + r, 0), threads, fused };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

// Each worker warms up (V8 compiles wasm by a baseline compiler first and optimises hot functions), then
// runs batches of iterations for `seconds` and reports the iterations and milliseconds of the timed part.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { run } = new WebAssembly.Instance(workerData.module).exports;
const BATCH = 1 << 20;
const warmEnd = performance.now() + 300;
while (performance.now() < warmEnd) run(BATCH);
let iterations = 0;
const start = performance.now();
let now = start;
while (now - start < workerData.seconds * 1000) { run(BATCH); iterations += BATCH; now = performance.now(); }
parentPort.postMessage({ iterations, ms: now - start });
`;

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function f32Bytes(v: number): number[] {
  return [...new Uint8Array(new Float32Array([v]).buffer)];
}
