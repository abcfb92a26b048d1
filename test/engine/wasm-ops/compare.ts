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
  let scale = 1e-6,
    err = 0;
  for (let i = 0; i < ref.values.length; i++) {
    scale = Math.max(scale, Math.abs(ref.values[i]));
    err = Math.max(err, Math.abs(ref.values[i] - got.values[i]));
  }
  assert.ok(err <= tol * scale, `${label}: max error ${err} vs max |value| ${scale}`);
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
