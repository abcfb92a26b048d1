/** One training step of each of the nine workshop-scale architectures (buildModel(id, {scale: "small",
 * inputShape: [28, 28, 1], numClasses: 10})), ours against the same architecture in PyTorch
 * (bench/peers/torch_archs.py, equal parameter counts, checked and printed) on the same thread count:
 * `npm run bench -- archs [--json] [--profile] [--batch 32] [--rounds 3] [--seconds 1] [--arch a,b]`.
 * A step: forward in training mode, softmax cross-entropy, backward, SGD (lr 0.01; ours the trainer's).
 * Per architecture, ours and the peer alternate `rounds` times, each timing whole steps for about
 * `seconds`; the ratio is the median of the per-round ratios (ours / peer), so that both sides see the same
 * load. --profile adds the kernels taking most of one of our steps. */
import * as tf from "@tensorflow/tfjs";
import { choiceOption, intOption, numberOption, parseArgs } from "../app/args";
import { selectBackend } from "../src/engine/backend";
import { BACKEND_CHOICES } from "../src/engine/choices";
import { buildModel, trainableParams } from "../src/models";
import { ARCHITECTURES } from "../src/models/facts";
import { Rng } from "../src/util/rng";
import { geomean, machineLoad, median, peakRssMb, range } from "./lib/stats";
import { TorchPeer } from "./lib/torch-peer";
import { profileStep, type KernelTime } from "./lib/profile";
import { makeOptimizer } from "../src/train/optimizer";

const INPUT: [number, number, number] = [28, 28, 1];
const CLASSES = 10;

interface ArchResult {
  arch: string;
  img_per_s: number;
  peer_img_per_s: number;
  ratio: number;
  ratio_range: [number, number];
  params: number;
  peer_params: number;
  profile?: KernelTime[];
}

/** A training step of `model` on one fixed random batch, with the trainer's SGD (src/train/optimizer.ts, as
 * the study trains) at the peer's rate 0.01. */
function trainingStep(model: tf.LayersModel, batch: number, seed: number): () => void {
  const rng = new Rng(seed);
  const pixels = Float32Array.from({ length: batch * 28 * 28 }, () => rng.next());
  const x = tf.tensor4d(pixels, [batch, ...INPUT]);
  const labels = Int32Array.from({ length: batch }, () => rng.int(CLASSES));
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), CLASSES);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = makeOptimizer("sgd", variables);
  return () => {
    const { value, grads } = tf.variableGrads(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
      const logits = Array.isArray(out) ? out[0] : out;
      return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
    }, variables);
    optimizer.apply(
      variables.map((v) => grads[v.name]),
      0.01,
    );
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
}

/** Images per second over whole steps lasting about `seconds` (at least two). */
function timeSteps(step: () => void, batch: number, seconds: number): number {
  const start = performance.now();
  let steps = 0;
  while (steps < 2 || performance.now() - start < seconds * 1000) {
    step();
    steps++;
  }
  return (steps * batch * 1000) / (performance.now() - start);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    json: { kind: "flag" },
    profile: { kind: "flag" },
    backend: { kind: "value" },
    batch: { kind: "value" },
    rounds: { kind: "value" },
    seconds: { kind: "value" },
    arch: { kind: "value" },
  });
  const backend = await selectBackend(
    args.values.has("backend")
      ? { backend: choiceOption(args, "backend", BACKEND_CHOICES, "auto") }
      : {},
  );
  const batch = intOption(args, "batch", 32, 1, 1024);
  const rounds = intOption(args, "rounds", 3, 1, 50);
  const seconds = numberOption(args, "seconds", 0.1) ?? 1;
  const archs = args.values.get("arch")?.split(",") ?? [...ARCHITECTURES];
  const peer = new TorchPeer(backend.threads);
  console.log(
    `archs: one training step, batch ${batch}, 28x28x1, 10 classes; ${rounds} alternations of ~${seconds} s per side`,
  );
  console.log(`backend: ${backend.reason}; PyTorch on ${backend.threads} threads`);
  const results: ArchResult[] = [];
  let torchVersion = "";
  let peerRss = 0;
  try {
    for (const arch of archs) {
      const model = buildModel(arch, { scale: "small", inputShape: INPUT, numClasses: CLASSES });
      const step = trainingStep(model, batch, 1);
      step();
      const ours: number[] = [];
      const theirs: number[] = [];
      let peerParams = 0;
      for (let r = 0; r < rounds; r++) {
        ours.push(timeSteps(step, batch, seconds));
        const answer = await peer.measure(arch, batch, seconds);
        theirs.push(answer.img_per_s);
        peerParams = answer.params;
        torchVersion = answer.torch;
        peerRss = answer.peak_rss_mb;
      }
      const ratios = ours.map((o, i) => o / theirs[i]);
      const result: ArchResult = {
        arch,
        img_per_s: median(ours),
        peer_img_per_s: median(theirs),
        ratio: median(ratios),
        ratio_range: range(ratios),
        params: trainableParams(model),
        peer_params: peerParams,
      };
      if (args.flags.has("profile")) result.profile = (await profileStep(step)).slice(0, 8);
      results.push(result);
      const same = result.params === peerParams ? "equal" : "DIFFERENT";
      console.log(
        `  ${arch.padEnd(20)} ours ${result.img_per_s.toFixed(1).padStart(7)} img/s  pytorch ${result.peer_img_per_s.toFixed(1).padStart(7)} img/s  ratio ${result.ratio.toFixed(3)} [${result.ratio_range.map((v) => v.toFixed(3)).join(", ")}]  params ${result.params} / ${peerParams} (${same})`,
      );
      for (const k of result.profile ?? [])
        console.log(`      ${k.kernel.padEnd(34)} ${k.ms.toFixed(1).padStart(8)} ms  x${k.calls}`);
      model.dispose();
    }
  } finally {
    peer.close();
  }
  const geomeanRatio = geomean(results.map((r) => r.ratio));
  const load = machineLoad();
  console.log(`  ${load.note}`);
  console.log(
    `  geometric mean ratio ${geomeanRatio.toFixed(3)}; torch ${torchVersion}; peak RSS ours ${peakRssMb().toFixed(0)} MB, pytorch ${peerRss.toFixed(0)} MB`,
  );
  if (args.flags.has("json"))
    console.log(
      JSON.stringify({
        archs: results,
        geomean_ratio: geomeanRatio,
        backend: backend.name,
        threads: backend.threads,
        batch,
        rounds,
        peak_rss_mb: peakRssMb(),
        peer_peak_rss_mb: peerRss,
        load_avg_1m: load.loadAvg1m,
        cores: load.cores,
      }),
    );
}

main().catch((e: Error) => {
  process.stderr.write(`bench archs: ${e.message}\n`);
  process.exit(1);
});
