/** Runs one kernel on the cpu backend (the reference) and on wasm with our kernels, for the kernel tests. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../../src/engine/backend";
import { Rng } from "../../../src/util/rng";

/** Starts wasm (threaded where possible) with our kernels; the tests then switch between it and cpu. */
export async function startWasm(): Promise<void> {
  const info = await selectBackend({ backend: "wasm" });
  assert.equal(info.name, "wasm");
}

/** Seeded values in [-1, 1). */
export function randomValues(rng: Rng, shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = 2 * rng.next() - 1;
  return out;
}

/** The kernel's output on `backend` for inputs given as [values, shape]. */
export async function runOn(
  backend: "cpu" | "wasm",
  kernel: string,
  inputs: Record<string, [Float32Array, number[]]>,
  attrs: Record<string, unknown>,
): Promise<{ values: Float32Array; shape: number[] }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [name, [values, shape]] of Object.entries(inputs))
      tensors[name] = tf.tensor(values, shape);
    const out = tf
      .engine()
      .runKernel(kernel, tensors as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
    return { values: out.dataSync() as Float32Array, shape: out.shape };
  });
}

/** Asserts the wasm result equals the cpu one: same shape, max error <= tol * max |reference|. */
export async function assertSameAsCpu(
  kernel: string,
  inputs: Record<string, [Float32Array, number[]]>,
  attrs: Record<string, unknown>,
  label: string,
  tol = 1e-4,
): Promise<void> {
  const ref = await runOn("cpu", kernel, inputs, attrs);
  const got = await runOn("wasm", kernel, inputs, attrs);
  assert.deepEqual(got.shape, ref.shape, `${label}: shape`);
  assertClose(got.values, ref.values, label, tol);
}

/** Max error <= tol of the largest reference magnitude, and no NaN. */
export function assertClose(got: Float32Array, ref: Float32Array, label: string, tol = 1e-4): void {
  assert.equal(got.length, ref.length, `${label}: size`);
  let scale = 1e-6,
    err = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]));
    err = Math.max(err, Number.isNaN(got[i]) ? Infinity : Math.abs(ref[i] - got[i]));
  }
  assert.ok(err <= tol * scale, `${label}: max error ${err} vs max |value| ${scale}`);
}

/** Fills freed wasm memory with NaN: tensors of several sizes are written and disposed, so the allocator
 * hands that memory to the next case (a kernel returning memory it never wrote then fails). */
export async function dirtyWasmHeap(): Promise<void> {
  await tf.setBackend("wasm");
  for (const n of [1 << 8, 1 << 12, 1 << 16, 1 << 18]) tf.fill([n], NaN).dispose();
}

/** A random padding: "same", "valid", a number, or explicit [[0,0],[t,b],[l,r],[0,0]]. */
export function randomPad(rng: Rng): string | number | number[][] {
  switch (rng.int(4)) {
    case 0:
      return "same";
    case 1:
      return "valid";
    case 2:
      return rng.int(3);
    default:
      return [
        [0, 0],
        [rng.int(3), rng.int(3)],
        [rng.int(3), rng.int(3)],
        [0, 0],
      ];
  }
}

/** A random pooling case (input, window up to `maxWindow`, strides 1-3, and a padding pooling accepts)
 * whose output is at least 1x1, or null when the draw gives none. */
export function randomPoolCase(rng: Rng, maxWindow: number) {
  const x: [number, number, number, number] = [
    1 + rng.int(3),
    3 + rng.int(10),
    3 + rng.int(10),
    1 + rng.int(6),
  ];
  const filterSize: [number, number] = [1 + rng.int(maxWindow), 1 + rng.int(maxWindow)];
  const strides: [number, number] = [1 + rng.int(3), 1 + rng.int(3)];
  let pad = randomPad(rng);
  if (Array.isArray(pad)) pad = "same"; // pooling takes same, valid or a number
  const dimRoundingMode = typeof pad === "number" ? "floor" : undefined;
  const info = tf.backend_util.computePool2DInfo(
    x,
    filterSize,
    strides,
    1,
    pad as "same",
    dimRoundingMode,
  );
  if (
    info.outHeight < 1 ||
    info.outWidth < 1 ||
    (typeof pad === "number" && pad >= Math.min(...filterSize))
  )
    return null;
  return { x, filterSize, strides, pad, dimRoundingMode, outShape: info.outShape };
}

/** Asserts that `grads` (one per argument) are the gradients of f at `args`, against central differences
 * at `probes` indices of each argument; f must be linear in each argument, so that the differences are
 * exact up to float rounding whatever the step. */
export function assertFiniteDifferences(
  f: (args: tf.Tensor4D[]) => number,
  args: tf.Tensor4D[],
  grads: ArrayLike<number>[],
  rng: Rng,
  label: string,
  probes = 6,
): void {
  args.forEach((arg, which) => {
    const base = arg.dataSync() as Float32Array;
    for (let p = 0; p < probes; p++) {
      const k = p === 0 ? 0 : p === 1 ? base.length - 1 : rng.int(base.length);
      const bump = (d: number) => {
        const v = base.slice();
        v[k] += d;
        const moved = args.map((a, i) => (i === which ? tf.tensor4d(v, a.shape) : a));
        return f(moved);
      };
      const fd = bump(0.5) - bump(-0.5);
      assert.ok(
        Math.abs(fd - grads[which][k]) <= 1e-3 * Math.max(1, Math.abs(fd)),
        `${label}: d f / d arg${which}[${k}]: finite difference ${fd}, gradient ${grads[which][k]}`,
      );
    }
  });
}

/** Checks tf.grads of f(x, w) = sum(r * conv(x, w)) on wasm (which runs our backprop kernels) against
 * central differences of the wasm forward pass, for random x, w and r of the given shapes. */
export async function assertConvGradients(
  conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D,
  xShape: number[],
  wShape: number[],
  seed: number,
  label: string,
): Promise<void> {
  await tf.setBackend("wasm");
  const rng = new Rng(seed);
  const x = tf.tensor4d(randomValues(rng, xShape), xShape as [number, number, number, number]);
  const w = tf.tensor4d(randomValues(rng, wShape), wShape as [number, number, number, number]);
  const outShape = conv(x, w).shape;
  const r = tf.tensor4d(randomValues(rng, outShape), outShape);
  const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.sum(tf.mul(conv(a, b), r));
  const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a as tf.Tensor4D, b as tf.Tensor4D))([
    x,
    w,
  ]);
  assertFiniteDifferences(
    ([a, b]) => f(a, b).dataSync()[0],
    [x, w],
    [gx.dataSync(), gw.dataSync()],
    rng,
    label,
  );
}
