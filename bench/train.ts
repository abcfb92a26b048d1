/** Training throughput of the benchmark CNN on the best backend available, against the same net in PyTorch
 * on the same thread count, measured in the same run:
 * `node --import tsx bench/train.ts [--json] [--profile] [--backend B] [--epochs 5]`.
 * Net: Conv 3->32 3x3 same, ReLU; Conv 32->32, ReLU; MaxPool 2; Conv 32->64, ReLU; Conv 64->64 stride 2 same,
 * ReLU; Flatten; Dense 10; softmax cross-entropy; SGD lr 0.01; batch 64; 1024 random 32x32x3 images. The
 * machine may be shared, so after a warm-up epoch our epochs and the peer's runs (each a warm-up and one
 * timed epoch) alternate `epochs` times (at least 5); the ratio is the median of the per-alternation ratios,
 * printed with their range. --profile adds the per-kernel time of one training step (the least of 3 steps
 * for each kernel), and the step time the kernels do not account for (per-op overhead in JavaScript).
 * On wasm it ends with the ceiling: the most float32 arithmetic wasm SIMD does on our threads
 * (src/engine/simd-peak.ts), divided by the arithmetic of a step as direct convolution does it
 * (src/models/step-flops.ts), is the most images per second an engine on XNNPACK's instructions can train
 * this net at, and so the highest ratio it can reach. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/engine/backend";
import { BACKEND_CHOICES } from "../src/engine/choices";
import { choiceOption, intOption, parseArgs } from "../app/args";
import { Rng } from "../src/util/rng";
import { PYTHON } from "./peers/python";
import { machineLoad, median, peakRssMb, range } from "./lib/stats";
import { profileStep, type KernelTime } from "./lib/profile";
import { measureSimdPeak } from "../src/engine/simd-peak";
import { trainingFlopsPerImage } from "../src/models/step-flops";

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

/** Milliseconds of one whole training step (the least of 3). */
function stepMs(
  step: (x: tf.Tensor4D, y: tf.Tensor2D) => void,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    step(x, y);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** The PyTorch peer's images per second (a warm-up and one timed epoch), or null with the reason when
 * /usr/bin/python3 has no torch. */
function torchPeer(threads: number): { imgPerS: number | null; note: string; rssMb: number } {
  const args = [
    "--threads",
    String(threads),
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
      rssMb: 0,
    };
  const out = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as {
    img_per_s: number;
    torch: string;
    threads: number;
    peak_rss_mb: number;
  };
  return {
    imgPerS: out.img_per_s,
    note: `torch ${out.torch}, ${out.threads} thread${out.threads > 1 ? "s" : ""}`,
    rssMb: out.peak_rss_mb,
  };
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
  const epochs = intOption(args, "epochs", 5, 5, 100);
  const model = benchNet(1);
  const data = randomData(2);
  const step = makeStep(model, tf.train.sgd(0.01));
  epoch(step, data);
  const ours: number[] = [];
  const theirs: number[] = [];
  let peer = { note: "", rssMb: 0 };
  for (let e = 0; e < epochs; e++) {
    ours.push(epoch(step, data));
    const run = torchPeer(backend.threads);
    if (run.imgPerS !== null) theirs.push(run.imgPerS);
    peer = run;
  }
  const ratios = theirs.length === ours.length ? ours.map((o, i) => o / theirs[i]) : [];
  const ratio = ratios.length ? median(ratios) : null;
  const fmt = (xs: number[]) =>
    xs.length
      ? `${median(xs).toFixed(1)} [${range(xs)
          .map((v) => v.toFixed(1))
          .join(", ")}]`
      : "n/a";
  console.log(
    `train: benchmark CNN, batch ${BATCH}, ${IMAGES} images 32x32x3; median [range] of ${epochs} alternations with the peer`,
  );
  console.log(`backend: ${backend.reason}`);
  const who = `${backend.name} (${backend.threads} thread${backend.threads > 1 ? "s" : ""})`;
  console.log(`  ${"imagenot-lab".padEnd(14)} ${who.padEnd(34)} ${fmt(ours)} img/s`);
  console.log(`  ${"pytorch".padEnd(14)} ${peer.note.padEnd(34)} ${fmt(theirs)} img/s`);
  console.log(
    ratio === null
      ? "  ratio n/a (no peer)"
      : `  ratio ${ratio.toFixed(3)} [${range(ratios)
          .map((v) => v.toFixed(3))
          .join(", ")}]`,
  );
  const load = machineLoad();
  console.log(
    `  peak RSS: ours ${peakRssMb().toFixed(0)} MB, pytorch ${peer.rssMb.toFixed(0)} MB; ${load.note}`,
  );
  let profile: { stepMs: number; kernels: KernelTime[] } | undefined;
  if (args.flags.has("profile")) {
    const [x, y] = tf.tidy(
      () => [data.x.slice(0, BATCH), data.y.slice(0, BATCH)] as [tf.Tensor4D, tf.Tensor2D],
    );
    profile = { stepMs: stepMs(step, x, y), kernels: await profileStep(() => step(x, y)) };
    tf.dispose([x, y]);
    const total = profile.kernels.reduce((s, k) => s + k.ms, 0);
    console.log(
      `one step: ${profile.stepMs.toFixed(1)} ms, of which kernels ${total.toFixed(1)} ms (least of 3 steps per kernel), the rest per-op overhead:`,
    );
    for (const k of profile.kernels.slice(0, 15))
      console.log(
        `  ${k.kernel.padEnd(28)} ${k.ms.toFixed(1).padStart(8)} ms  ${((100 * k.ms) / total).toFixed(1).padStart(5)}%  x${k.calls}`,
      );
  }
  const ceiling =
    backend.name === "wasm"
      ? await wasmCeiling(
          model,
          backend.threads,
          median(ours),
          theirs.length ? median(theirs) : null,
        )
      : null;
  if (args.flags.has("json")) {
    console.log(
      JSON.stringify({
        backend: backend.name,
        threads: backend.threads,
        img_per_s: median(ours),
        img_per_s_range: range(ours),
        peer: "pytorch",
        peer_img_per_s: theirs.length ? median(theirs) : null,
        peer_img_per_s_range: theirs.length ? range(theirs) : null,
        ratio,
        ratio_range: ratios.length ? range(ratios) : null,
        alternations: epochs,
        peak_rss_mb: peakRssMb(),
        peer_peak_rss_mb: peer.rssMb,
        load_avg_1m: load.loadAvg1m,
        cores: load.cores,
        ...(profile ? { profile: { step_ms: profile.stepMs, kernels: profile.kernels } } : {}),
        ...(ceiling ? { ceiling } : {}),
      }),
    );
  }
}

/** The wasm ceiling (see the top of this file), printed and returned for the JSON line; measured after
 * every timing, since the fused measurement turns on relaxed SIMD for the rest of the process. */
async function wasmCeiling(
  model: tf.Sequential,
  threads: number,
  ours: number,
  peer: number | null,
) {
  const flops = trainingFlopsPerImage(model);
  const plain = await measureSimdPeak(threads);
  if (!plain) throw new Error("this V8 cannot compile wasm SIMD");
  const fused = await measureSimdPeak(threads, true);
  const gflopsAt = (imgPerS: number) => (imgPerS * flops.step) / 1e9;
  const imgPerSAt = (gflops: number) => (gflops * 1e9) / flops.step;
  const ratioTo = (imgPerS: number) => (peer === null ? null : imgPerS / peer);
  const most = imgPerSAt(plain.gflops);
  const mostFused = fused ? imgPerSAt(fused.gflops) : null;
  const ceiling = {
    step_flops_per_image: flops.step,
    forward_flops_per_image: flops.forward,
    our_gflops: gflopsAt(ours),
    peer_gflops: peer === null ? null : gflopsAt(peer),
    wasm_simd_gflops: plain.gflops,
    max_img_per_s: most,
    max_ratio: ratioTo(most),
    relaxed_simd_gflops: fused?.gflops ?? null,
    relaxed_max_img_per_s: mostFused,
    relaxed_max_ratio: mostFused === null ? null : ratioTo(mostFused),
  };
  const at = (img: number, ratio: number | null) =>
    `${img.toFixed(0)} img/s${ratio === null ? "" : `, ratio at most ${ratio.toFixed(3)}`}`;
  console.log(
    `ceiling: a step is ${(flops.step / 1e6).toFixed(1)} MFLOP per image by direct convolution (forward ${(flops.forward / 1e6).toFixed(1)}, as torch's profiler counts); at that, ours runs at ${ceiling.our_gflops.toFixed(1)} GFLOP/s${ceiling.peer_gflops === null ? "" : `, pytorch at ${ceiling.peer_gflops.toFixed(1)}`}`,
  );
  console.log(
    `  wasm SIMD, multiply and add (as tfjs-backend-wasm's XNNPACK computes), on ${threads} threads: ${plain.gflops.toFixed(1)} GFLOP/s, so a direct-convolution engine on them stays under ${at(most, ceiling.max_ratio)}`,
  );
  console.log(
    fused && mostFused !== null
      ? `  with V8's relaxed SIMD fused multiply-add (off by default in Node 20, not in the prebuilt backend): ${fused.gflops.toFixed(1)} GFLOP/s, ${at(mostFused, ceiling.relaxed_max_ratio)}`
      : "  relaxed SIMD: this V8 has none",
  );
  return ceiling;
}

main().catch((e: Error) => {
  process.stderr.write(`bench train: ${e.message}\n`);
  process.exit(1);
});
