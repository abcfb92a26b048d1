/** The convolution geometry sweep: for kernels 1-7 and 16, strides 1-4 and stride = kernel, 'same', 'valid',
 * symmetric and uneven explicit padding, one-pixel outputs, dilations and depthwise multipliers, the wasm
 * forward pass and both gradients of conv2d and depthwise conv equal the cpu backend's. The wasm heap is
 * filled with NaN before each case, so a kernel that returns memory it never wrote fails. */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/util/rng";
import { assertClose, dirtyWasmHeap, randomValues, startWasm } from "./compare";

before(startWasm);

type Pad = "same" | "valid" | number[][];
type Shape4 = [number, number, number, number];

interface Case {
  depthwise: boolean;
  x: Shape4;
  f: Shape4;
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

const KERNELS = [1, 2, 3, 4, 5, 6, 7, 16];
const PADS = ["same", "valid", "symmetric", "uneven"] as const;

/** A padding of the given kind for a kernel of size k (explicit amounts may exceed k - 1). */
function padding(kind: (typeof PADS)[number], k: number, rng: Rng): Pad {
  if (kind === "same" || kind === "valid") return kind;
  const p = 1 + rng.int(k);
  if (kind === "symmetric")
    return [
      [0, 0],
      [p, p],
      [p, p],
      [0, 0],
    ];
  return [
    [0, 0],
    [rng.int(k + 1), rng.int(k + 2)],
    [rng.int(k + 2), rng.int(k + 1)],
    [0, 0],
  ];
}

/** The output size along an axis, or 0 if the case has none; tfjs's own arithmetic. */
function outShape(c: Case): number[] {
  return tf.backend_util.computeConv2DInfo(
    c.x,
    c.f,
    c.strides,
    c.dilations,
    c.pad as "same",
    undefined,
    c.depthwise,
  ).outShape;
}

/** A random input of the case's geometry whose output is at least 1x1 (exactly 1x1 if `onePixel`). */
function makeCase(
  rng: Rng,
  depthwise: boolean,
  k: number,
  strides: [number, number],
  dilations: [number, number],
  pad: Pad,
  onePixel: boolean,
): Case | null {
  const channels = 1 + rng.int(3);
  const f: Shape4 = [
    k,
    Math.max(1, k - rng.int(2)),
    channels,
    depthwise ? 1 + rng.int(3) : 1 + rng.int(4),
  ];
  for (let attempt = 0; attempt < 40; attempt++) {
    const size = (e: number, s: number) =>
      Math.max(1, onePixel ? e - rng.int(e) + rng.int(s) : e + rng.int(2 * s + 3) - rng.int(3));
    const eh = (f[0] - 1) * dilations[0] + 1,
      ew = (f[1] - 1) * dilations[1] + 1;
    const c: Case = {
      depthwise,
      x: [1 + rng.int(2), size(eh, strides[0]), size(ew, strides[1]), channels],
      f,
      strides,
      dilations,
      pad,
    };
    const [, oh, ow] = outShape(c);
    if (oh >= 1 && ow >= 1 && (!onePixel || (oh === 1 && ow === 1))) return c;
  }
  return null;
}

function convOf(c: Case) {
  return (x: tf.Tensor4D, w: tf.Tensor4D, dilations = c.dilations) =>
    c.depthwise
      ? tf.depthwiseConv2d(x, w, c.strides, c.pad as "same", "NHWC", dilations)
      : tf.conv2d(x, w, c.strides, c.pad as "same", "NHWC", dilations);
}

interface Values {
  x: Float32Array;
  w: Float32Array;
  r: Float32Array;
}

/** y = conv(x, w), and the gradients of sum(r * y) by x and by w, on the current backend; for dilations
 * above 1, which tfjs's gradients refuse, the two depthwise backprop kernels are run directly (conv2d's
 * take no dilations: tfjs cannot ask for those gradients at all, so only y is returned). */
function forwardAndGradients(c: Case, v: Values): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(v.x, c.x);
    const w = tf.tensor4d(v.w, c.f);
    const y = convOf(c)(x, w);
    const r = tf.tensor4d(v.r, y.shape);
    if (c.dilations.every((d) => d === 1)) {
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(convOf(c)(a as tf.Tensor4D, b as tf.Tensor4D), r));
      const [gx, gw] = tf.grads(f)([x, w]);
      return [y, gx, gw].map((t) => t.dataSync() as Float32Array);
    }
    if (!c.depthwise) return [y.dataSync() as Float32Array];
    const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad };
    const run = (kernel: string, inputs: tf.NamedTensorMap, more: object) =>
      (
        tf.engine().runKernel(kernel, inputs, { ...attrs, ...more } as tf.NamedAttrMap) as tf.Tensor
      ).dataSync() as Float32Array;
    return [
      y.dataSync() as Float32Array,
      run("DepthwiseConv2dNativeBackpropInput", { dy: r, filter: w }, { inputShape: c.x }),
      run("DepthwiseConv2dNativeBackpropFilter", { x, dy: r }, { filterShape: c.f }),
    ];
  });
}

/** The cpu reference for a dilated depthwise case: the same convolution with the filter spread out by
 * zeros at dilation 1 (an identity of convolution), whose gradients tfjs computes; the filter gradient is
 * read back at the taps. */
function dilatedReference(c: Case, v: Values): Float32Array[] {
  const [kh, kw, ch, m] = c.f;
  const [dh, dw] = c.dilations;
  const eh = (kh - 1) * dh + 1,
    ew = (kw - 1) * dw + 1;
  const tap = (i: number, j: number, e: number, q: number, width: number) =>
    ((i * width + j) * ch + e) * m + q;
  const spread = new Float32Array(eh * ew * ch * m);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let e = 0; e < ch; e++)
        for (let q = 0; q < m; q++)
          spread[tap(i * dh, j * dw, e, q, ew)] = v.w[tap(i, j, e, q, kw)];
  const spreadCase: Case = { ...c, f: [eh, ew, ch, m], dilations: [1, 1] };
  const [y, gx, gSpread] = forwardAndGradients(spreadCase, { ...v, w: spread });
  const gw = new Float32Array(v.w.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let e = 0; e < ch; e++)
        for (let q = 0; q < m; q++)
          gw[tap(i, j, e, q, kw)] = gSpread[tap(i * dh, j * dw, e, q, ew)];
  return [y, gx, gw];
}

async function check(c: Case, rng: Rng): Promise<void> {
  const v: Values = {
    x: randomValues(rng, c.x),
    w: randomValues(rng, c.f),
    r: randomValues(rng, outShape(c)),
  };
  await tf.setBackend("cpu");
  const dilated = c.dilations.some((d) => d > 1);
  const ref = dilated && c.depthwise ? dilatedReference(c, v) : forwardAndGradients(c, v);
  await dirtyWasmHeap();
  const got = forwardAndGradients(c, v);
  const label = JSON.stringify(c);
  assert.equal(got.length, ref.length);
  ["forward", "input gradient", "filter gradient"]
    .slice(0, ref.length)
    .forEach((part, i) => assertClose(got[i], ref[i], `${part} of ${label}`));
}

/** Every kernel x stride (1-4 and = kernel) x padding kind, for conv2d and depthwise, at a random size
 * and again at a one-pixel output. */
function stridedCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  for (const k of KERNELS)
    for (const s of [...new Set([1, 2, 3, 4, k])])
      for (const kind of PADS)
        for (const depthwise of [false, true])
          for (const onePixel of [false, true]) {
            const strides: [number, number] = [s, rng.int(2) === 0 ? s : 1 + rng.int(4)];
            const c = makeCase(rng, depthwise, k, strides, [1, 1], padding(kind, k, rng), onePixel);
            if (c) cases.push(c);
          }
  return cases;
}

/** Dilations 2 and 3 (at stride 1, as tfjs requires) for kernels 1-5 and every padding kind. */
function dilatedCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  for (const k of [1, 2, 3, 4, 5])
    for (const d of [2, 3])
      for (const kind of PADS)
        for (const depthwise of [false, true]) {
          const dilations: [number, number] = [d, 1 + rng.int(3)];
          const c = makeCase(rng, depthwise, k, [1, 1], dilations, padding(kind, k, rng), false);
          if (c) cases.push(c);
        }
  return cases;
}

test("conv2d and depthwise conv on wasm equal cpu on every stride and padding geometry", async () => {
  const rng = new Rng(131);
  const cases = stridedCases(rng);
  assert.ok(cases.length > 400, `only ${cases.length} cases were drawn`);
  for (const c of cases) await check(c, rng);
});

test("dilated conv2d (forward) and depthwise conv (forward and gradients) on wasm equal cpu", async () => {
  const rng = new Rng(132);
  const cases = dilatedCases(rng);
  assert.ok(cases.length >= 70, `only ${cases.length} cases were drawn`);
  for (const c of cases) await check(c, rng);
});

test("the two geometries of issue 13 give the cpu gradients after the heap held other values", async () => {
  const rng = new Rng(133);
  await check(
    {
      depthwise: true,
      x: [1, 11, 4, 3],
      f: [4, 5, 3, 1],
      strides: [1, 4],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 0],
      ],
    },
    rng,
  );
  await check(
    {
      depthwise: false,
      x: [1, 3, 3, 2],
      f: [3, 3, 2, 3],
      strides: [3, 3],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    },
    rng,
  );
});
