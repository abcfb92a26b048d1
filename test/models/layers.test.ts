/** The custom layers and the torch-style padding helpers against PyTorch itself (run under /usr/bin/python3):
 * same weights and inputs must give the same outputs as torch.nn / torch.nn.functional. */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { python } from "../helpers/python";
import {
  Init,
  activate,
  avgPool,
  conv,
  hardSigmoid,
  maxPool,
  type ConvSpec,
} from "../../src/models/builder-kit";
import {
  MultiHeadSelfAttention,
  SqueezeExcite,
  ClassTokenPositionEmbedding,
  TakeClassToken,
  StochasticDepth,
  SeededDropout,
  LayerScale,
} from "../../src/models/layers";
import { Rng } from "../../src/util/rng";

before(async () => {
  await tf.setBackend("cpu");
});

type Nested = number | Nested[];

/** A seeded tensor with values in [-2, 2]. */
function seeded(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 4 - 2),
    shape,
  );
}

/** Runs `f` as a one-layer-stack model on `x`, with random seeded weights; returns output and weights. */
function runStack(
  x: tf.Tensor,
  f: (t: tf.SymbolicTensor, init: Init) => tf.SymbolicTensor,
): { y: Nested; weights: Nested[] } {
  const input = tf.input({ shape: x.shape.slice(1) });
  const model = tf.model({ inputs: input, outputs: f(input, new Init(5, "random")) });
  // Give every weight (biases and position embeddings included) seeded non-trivial values.
  model.setWeights(model.getWeights().map((w, i) => seeded(w.shape, 100 + i).mul(0.5)));
  const y = model.predict(x) as tf.Tensor;
  const out = {
    y: y.arraySync() as Nested,
    weights: model.getWeights().map((w) => w.arraySync() as Nested),
  };
  model.dispose();
  return out;
}

function assertClose(actual: Nested, expected: Nested, tol: number, what: string): void {
  const a = (actual as number[]).flat(Infinity) as number[];
  const e = (expected as number[]).flat(Infinity) as number[];
  assert.equal(a.length, e.length, `${what}: ${a.length} values, expected ${e.length}`);
  const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - e[i])), 0);
  assert.ok(worst <= tol, `${what}: max abs difference ${worst} > ${tol}`);
}

// Every PyTorch reference comes from one python run (importing torch takes seconds).
const TORCH_SCRIPT = `
import torch, torch.nn.functional as F
torch.set_grad_enabled(False)
T = lambda a: torch.tensor(a, dtype=torch.float64)
nchw = lambda a: T(a).permute(0, 3, 1, 2)
nhwc = lambda t: t.permute(0, 2, 3, 1).tolist()

def conv(c):
    dw = c["spec"].get("depthwise", False)
    w = T(c["w"][0])
    w = w.permute(2, 3, 0, 1) if dw else w.permute(3, 2, 0, 1)
    b = T(c["w"][1]) if len(c["w"]) > 1 else None
    s, p = c["spec"].get("stride", 1), c["spec"].get("padding", 0)
    return nhwc(F.conv2d(nchw(c["x"]), w, b, stride=s, padding=p, groups=w.shape[0] if dw else 1))

def pools(x):
    x = nchw(x)
    return {"avg": nhwc(F.avg_pool2d(x, 3, 1, 1)), "max": nhwc(F.max_pool2d(F.relu(x), 3, 2, 1))}

def activations(x):
    x = T(x)
    return [F.hardswish(x).tolist(), F.hardsigmoid(x).tolist(), F.gelu(x).tolist()]

def attention(c):
    inK, inB, outK, outB = [T(w) for w in c["w"]]
    mha = torch.nn.MultiheadAttention(8, 2, batch_first=True).double()
    mha.in_proj_weight.copy_(inK.T); mha.in_proj_bias.copy_(inB)
    mha.out_proj.weight.copy_(outK.T); mha.out_proj.bias.copy_(outB)
    x = T(c["x"])
    return mha(x, x, x, need_weights=False)[0].tolist()

def squeeze_excite(c):
    w1, b1, w2, b2 = [T(w) for w in c["w"]]
    x = nchw(c["x"])
    s = F.conv2d(F.adaptive_avg_pool2d(x, 1), w1.T[:, :, None, None], b1)
    s = F.relu(s) if c["act"] == "relu" else F.silu(s)
    s = F.conv2d(s, w2.T[:, :, None, None], b2)
    s = F.hardsigmoid(s) if c["gate"] == "hardsigmoid" else torch.sigmoid(s)
    return nhwc(x * s)

def tokens(c):
    cls, pos = T(c["w"][0]), T(c["w"][1])
    x = T(c["x"])
    return (torch.cat([cls.expand(x.shape[0], -1, -1), x], dim=1) + pos).tolist()

print(json.dumps({
    "conv": [conv(c) for c in INPUT["conv"]],
    "pools": pools(INPUT["pools"]),
    "activations": activations(INPUT["activations"]),
    "attention": attention(INPUT["attention"]),
    "squeeze_excite": [squeeze_excite(c) for c in INPUT["squeeze_excite"]],
    "tokens": tokens(INPUT["tokens"]),
}))
`;

const CONV_SPECS: Omit<ConvSpec, "init" | "name">[] = [
  { filters: 4, kernel: 7, stride: 2, padding: 3, bias: true },
  { filters: 3, kernel: 5, stride: 2, padding: 2, depthwise: true, bias: true },
  { filters: 2, kernel: [1, 7], padding: [0, 3] },
  { filters: 2, kernel: 3, stride: 1, padding: 1 },
];
const SE_KINDS = [
  ["relu", "hardsigmoid"],
  ["silu", "sigmoid"],
] as const;

interface Ours {
  conv: { y: Nested; weights: Nested[] }[];
  avg: Nested;
  max: Nested;
  activations: Nested[];
  attention: { y: Nested; weights: Nested[] };
  squeezeExcite: { y: Nested; weights: Nested[] }[];
  tokens: { y: Nested; weights: Nested[] };
}
interface Torch {
  conv: Nested[];
  pools: { avg: Nested; max: Nested };
  activations: Nested[];
  attention: Nested;
  squeeze_excite: Nested[];
  tokens: Nested;
}
let ours: Ours;
let torch: Torch;
const makeInputs = () => ({
  conv: seeded([1, 9, 9, 3], 1),
  pools: seeded([1, 8, 8, 2], 2),
  act: tf.linspace(-5, 5, 41).reshape([1, 41]),
  attention: seeded([2, 5, 8], 3),
  se: seeded([2, 4, 4, 6], 4),
  tokens: seeded([2, 3, 4], 5),
});
let inputs: ReturnType<typeof makeInputs>;

before(() => {
  inputs = makeInputs();
  ours = {
    conv: CONV_SPECS.map((spec) =>
      runStack(inputs.conv, (t, init) =>
        conv(t, { ...spec, name: "c", init: init.torchDefault() }),
      ),
    ),
    avg: runStack(inputs.pools, (t) => avgPool(t, 3, 1, 1)).y,
    max: runStack(inputs.pools, (t) => maxPool(activate(t, "relu"), 3, 2, 1)).y,
    activations: [
      runStack(inputs.act, (t) => activate(t, "hardswish")).y,
      runStack(inputs.act, (t) => hardSigmoid(t)).y,
      runStack(inputs.act, (t) => activate(t, "gelu")).y,
    ],
    attention: runStack(
      inputs.attention,
      (t, init) =>
        new MultiHeadSelfAttention({ heads: 2, kernelInitializer: init.xavierUniform() }).apply(
          t,
        ) as tf.SymbolicTensor,
    ),
    squeezeExcite: SE_KINDS.map(([activation, gate]) =>
      runStack(
        inputs.se,
        (t, init) =>
          new SqueezeExcite({
            squeeze: 3,
            activation,
            gate,
            kernelInitializer: init.kaimingFanOut(),
          }).apply(t) as tf.SymbolicTensor,
      ),
    ),
    tokens: runStack(
      inputs.tokens,
      (t) => new ClassTokenPositionEmbedding({}).apply(t) as tf.SymbolicTensor,
    ),
  };
  torch = python<Torch>(TORCH_SCRIPT, {
    conv: CONV_SPECS.map((spec, i) => ({
      x: inputs.conv.arraySync(),
      w: ours.conv[i].weights,
      spec,
    })),
    pools: inputs.pools.arraySync(),
    activations: inputs.act.arraySync(),
    attention: { x: inputs.attention.arraySync(), w: ours.attention.weights },
    squeeze_excite: SE_KINDS.map(([act, gate], i) => ({
      x: inputs.se.arraySync(),
      w: ours.squeezeExcite[i].weights,
      act,
      gate,
    })),
    tokens: { x: inputs.tokens.arraySync(), w: ours.tokens.weights },
  });
});

test("conv with stride and symmetric padding, depthwise and 1x7 kernels match torch.nn.functional.conv2d", () => {
  CONV_SPECS.forEach((spec, i) =>
    assertClose(ours.conv[i].y, torch.conv[i], 1e-4, `conv ${JSON.stringify(spec)}`),
  );
});

test("average pooling counts padding like torch (count_include_pad) and max pooling after ReLU matches", () => {
  assertClose(ours.avg, torch.pools.avg, 1e-5, "avg pool");
  assertClose(ours.max, torch.pools.max, 1e-6, "max pool");
});

test("hard-swish, hard-sigmoid and GELU match torch's", () => {
  ["hardswish", "hardsigmoid", "gelu"].forEach((name, i) =>
    assertClose(ours.activations[i], torch.activations[i], 1e-5, name),
  );
});

test("multi-head self-attention matches torch.nn.MultiheadAttention with the same weights", () => {
  assertClose(ours.attention.y, torch.attention, 1e-4, "attention");
});

test("squeeze-excitation matches torchvision's SqueezeExcitation (ReLU + hard sigmoid, SiLU + sigmoid)", () => {
  SE_KINDS.forEach((kind, i) =>
    assertClose(
      ours.squeezeExcite[i].y,
      torch.squeeze_excite[i],
      1e-5,
      `squeeze-excite ${kind.join("/")}`,
    ),
  );
});

test("class token, position embedding and class-token readout follow torchvision's ViT", () => {
  assertClose(ours.tokens.y, torch.tokens, 1e-6, "class token + positions");
  const first = runStack(
    inputs.tokens,
    (t) => new TakeClassToken({}).apply(t) as tf.SymbolicTensor,
  ).y;
  assertClose(
    first,
    (inputs.tokens.arraySync() as number[][][]).map((row) => row[0]),
    0,
    "class token readout",
  );
});

test("layer scale multiplies channels by its factors, initialised to the given value", () => {
  const layer = new LayerScale({ initValue: 1e-6 });
  const x = seeded([1, 2, 2, 3], 6);
  const y = layer.apply(x) as tf.Tensor;
  assertClose(y.arraySync() as Nested, x.mul(1e-6).arraySync() as Nested, 1e-12, "layer scale");
  assert.deepEqual(
    Array.from(layer.getWeights()[0].dataSync()),
    [1e-6, 1e-6, 1e-6].map(Math.fround),
  );
});

test("stochastic depth: identity at inference; in training whole examples dropped or scaled by 1/(1-p), seeded", () => {
  const x = tf.ones([64, 2, 2, 3]);
  const a = new StochasticDepth({ rate: 0.25, seed: 9 });
  assert.deepEqual((a.apply(x) as tf.Tensor).arraySync(), x.arraySync());
  const masks = (layer: StochasticDepth) =>
    [0, 1].map(() =>
      Array.from(
        (
          (layer.apply(x, { training: true }) as tf.Tensor).reshape([64, 12]).max(1) as tf.Tensor
        ).dataSync(),
      ),
    );
  const [m1, m2] = masks(a);
  for (const m of [m1, m2]) {
    assert.ok(
      m.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6),
      `values ${m}`,
    );
    const kept = m.filter((v) => v > 0).length;
    assert.ok(kept > 32 && kept < 64, `kept ${kept} of 64 at p = 0.25`);
  }
  assert.notDeepEqual(m1, m2, "a fresh mask on every call");
  const again = masks(new StochasticDepth({ rate: 0.25, seed: 9 }));
  assert.deepEqual(again, [m1, m2], "the same seed replays the same masks");
  // Each example is dropped as a whole: all its entries share the mask value.
  const y = (
    new StochasticDepth({ rate: 0.5, seed: 1 }).apply(x, { training: true }) as tf.Tensor
  ).reshape([64, 12]);
  assert.deepEqual(
    Array.from((y.max(1) as tf.Tensor).dataSync()),
    Array.from((y.min(1) as tf.Tensor).dataSync()),
  );
});

test("seeded dropout: identity at inference, fresh seeded masks in training", () => {
  const x = tf.ones([4, 100]);
  const drop = (seed: number) => new SeededDropout({ rate: 0.5, seed });
  const a = drop(3);
  assert.deepEqual((a.apply(x) as tf.Tensor).arraySync(), x.arraySync());
  const first = (a.apply(x, { training: true }) as tf.Tensor).arraySync() as number[][];
  const second = (a.apply(x, { training: true }) as tf.Tensor).arraySync() as number[][];
  assert.notDeepEqual(first, second);
  assert.ok(first.flat().every((v) => v === 0 || v === 2));
  const b = drop(3);
  assert.deepEqual((b.apply(x, { training: true }) as tf.Tensor).arraySync(), first);
});
