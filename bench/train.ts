/** Training throughput of the benchmark CNN on the best backend available, against the same net in PyTorch
 * (2 threads) measured in the same run: `node --import tsx bench/train.ts [--json] [--profile] [--backend B]`.
 * Net: Conv 3->32 3x3 same, ReLU; Conv 32->32, ReLU; MaxPool 2; Conv 32->64, ReLU; Conv 64->64 stride 2 same,
 * ReLU; Flatten; Dense 10; softmax cross-entropy; SGD lr 0.01; batch 64; 1024 random 32x32x3 images; best of
 * 3 epochs after a warm-up epoch. The machine may be shared, so our epochs and the peer's runs (each a
 * warm-up and one timed epoch) alternate, and each side keeps its best. --profile adds the per-kernel time
 * of one training step (the least of 3 steps for each kernel). */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/engine/backend";
import { BACKEND_CHOICES } from "../src/engine/choices";
import { choiceOption, intOption, parseArgs } from "../app/args";
import { Rng } from "../src/util/rng";
import { PYTHON } from "./peers/python";

const IMAGES = 1024;
const BATCH = 64;
const CLASSES = 10;

/** The benchmark net, logits out. */
function benchNet(seed: number): tf.Sequential {
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seed + i });
  const conv = (filters: number, strides: number, i: number, inputShape?: number[]) =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      strides,
      padding: "same",
      activation: "relu",
      kernelInitializer: init(i),
      ...(inputShape ? { inputShape } : {}),
    });
  return tf.sequential({
    layers: [
      conv(32, 1, 0, [32, 32, 3]),
      conv(32, 1, 1),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      conv(64, 1, 2),
      conv(64, 2, 3),
      tf.layers.flatten(),
      tf.layers.dense({ units: CLASSES, kernelInitializer: init(4) }),
    ],
  });
}

/** 1024 seeded random images in [0, 1) and one-hot labels. */
function randomData(seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = new Rng(seed);
  const pixels = new Float32Array(IMAGES * 32 * 32 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rng.next();
  const labels = Int32Array.from({ length: IMAGES }, () => rng.int(CLASSES));
  return {
    x: tf.tensor4d(pixels, [IMAGES, 32, 32, 3]),
    y: tf.oneHot(tf.tensor1d(labels, "int32"), CLASSES) as tf.Tensor2D,
  };
}

function makeStep(model: tf.Sequential, optimizer: tf.Optimizer) {
  return (x: tf.Tensor4D, y: tf.Tensor2D): void => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor2D) as tf.Scalar,
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
}

/** Images per second of one pass over the data. */
function epoch(
  step: (x: tf.Tensor4D, y: tf.Tensor2D) => void,
  data: { x: tf.Tensor4D; y: tf.Tensor2D },
): number {
  const start = performance.now();
  for (let i = 0; i < IMAGES; i += BATCH) {
    const [x, y] = tf.tidy(
      () => [data.x.slice(i, BATCH), data.y.slice(i, BATCH)] as [tf.Tensor4D, tf.Tensor2D],
    );
    step(x, y);
    tf.dispose([x, y]);
  }
  return (IMAGES * 1000) / (performance.now() - start);
}

/** Milliseconds per kernel name in one training step (the least over 3 steps), largest first, with call counts. */
async function profileStep(
  step: (x: tf.Tensor4D, y: tf.Tensor2D) => void,
  data: { x: tf.Tensor4D; y: tf.Tensor2D },
): Promise<[string, number, number][]> {
  const [x, y] = tf.tidy(
    () => [data.x.slice(0, BATCH), data.y.slice(0, BATCH)] as [tf.Tensor4D, tf.Tensor2D],
  );
  const best = new Map<string, [number, number]>();
  for (let round = 0; round < 3; round++) {
    const info = await tf.profile(() => step(x, y));
    const byName = new Map<string, [number, number]>();
    for (const k of info.kernels) {
      const [ms, n] = byName.get(k.name) ?? [0, 0];
      byName.set(k.name, [ms + (typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0), n + 1]);
    }
    for (const [name, [ms, n]] of byName)
      if (!best.has(name) || best.get(name)![0] > ms) best.set(name, [ms, n]);
  }
  tf.dispose([x, y]);
  return [...best]
    .map(([name, [ms, n]]) => [name, ms, n] as [string, number, number])
    .sort((a, b) => b[1] - a[1]);
}

/** The PyTorch peer's images per second (a warm-up and one timed epoch), or null with the reason when
 * /usr/bin/python3 has no torch. */
function torchPeer(): { imgPerS: number | null; note: string } {
  const args = [
    "--threads",
    "2",
    "--images",
    String(IMAGES),
    "--batch",
    String(BATCH),
    "--epochs",
    "1",
  ];
  const r = spawnSync(PYTHON, [join(__dirname, "peers", "train_torch.py"), ...args], {
    encoding: "utf8",
  });
  if (r.status !== 0)
    return {
      imgPerS: null,
      note: (r.stderr || r.error?.message || "failed").trim().split("\n").pop() ?? "failed",
    };
  const out = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as {
    img_per_s: number;
    torch: string;
  };
  return { imgPerS: out.img_per_s, note: `torch ${out.torch}, 2 threads` };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    json: { kind: "flag" },
    profile: { kind: "flag" },
    backend: { kind: "value" },
    epochs: { kind: "value" },
  });
  const backend = await selectBackend(
    args.values.has("backend")
      ? { backend: choiceOption(args, "backend", BACKEND_CHOICES, "auto") }
      : {},
  );
  const epochs = intOption(args, "epochs", 3, 1, 100);
  const model = benchNet(1);
  const data = randomData(2);
  const step = makeStep(model, tf.train.sgd(0.01));
  epoch(step, data);
  let best = 0;
  let peer: { imgPerS: number | null; note: string } = { imgPerS: null, note: "" };
  for (let e = 0; e < epochs; e++) {
    best = Math.max(best, epoch(step, data));
    const run = torchPeer();
    peer = {
      imgPerS: run.imgPerS === null ? null : Math.max(run.imgPerS, peer.imgPerS ?? 0),
      note: run.note,
    };
  }
  const profile = args.flags.has("profile") ? await profileStep(step, data) : [];
  const ratio = peer.imgPerS ? best / peer.imgPerS : null;
  const rows = [
    [
      "imagenot-lab",
      `${backend.name} (${backend.threads} thread${backend.threads > 1 ? "s" : ""})`,
      best.toFixed(1),
    ],
    ["pytorch", peer.note, peer.imgPerS?.toFixed(1) ?? "n/a"],
  ];
  console.log(
    `train: benchmark CNN, batch ${BATCH}, ${IMAGES} images 32x32x3, best of ${epochs} epochs after a warm-up, alternating with the peer`,
  );
  console.log(`backend: ${backend.reason}`);
  for (const [who, what, v] of rows)
    console.log(`  ${who.padEnd(14)} ${what.padEnd(34)} ${v.padStart(8)} img/s`);
  console.log(`  ratio ${ratio === null ? "n/a (no peer)" : ratio.toFixed(3)}`);
  if (profile.length) {
    const total = profile.reduce((s, p) => s + p[1], 0);
    console.log(`one step, kernel time ${total.toFixed(1)} ms (least of 3 steps per kernel):`);
    for (const [name, ms, n] of profile.slice(0, 15))
      console.log(
        `  ${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%  x${n}`,
      );
  }
  if (args.flags.has("json")) {
    console.log(
      JSON.stringify({
        backend: backend.name,
        img_per_s: best,
        peer: "pytorch",
        peer_img_per_s: peer.imgPerS,
        ratio,
      }),
    );
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench train: ${e.message}\n`);
  process.exit(1);
});
