/** bench/peers/learn_torch.py, the PyTorch peer of the learning benchmark, follows our trainer's recipe
 * pieces on values made here: per-step learning rates (schedule.ts), the training split's channel statistics
 * (normalize.ts), the shift (augment.ts) and each recipe's optimizer with the options the trainer gives it
 * (optimizer.ts). No training: one Python process, a few seconds. Needs Debian's python3-torchvision, as
 * test/models/paper.test.ts. */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { applyShiftFlip } from "../../src/data/augment";
import { inMemoryImages } from "../../src/data/dataset";
import { DIGIT_AUGMENT } from "../../src/data/index";
import { channelStats } from "../../src/train/normalize";
import { makeOptimizer } from "../../src/train/optimizer";
import { lrForBatch, recipes, type RecipeSettings } from "../../src/train/recipes";
import { learningRateAt } from "../../src/train/schedule";
import { TRAIN_DEFAULTS } from "../../src/train/settings";
import { Rng } from "../../src/util/rng";
import { PYTHON } from "../helpers/python";

const PEER = join(__dirname, "..", "..", "bench", "peers", "learn_torch.py");
// More items than channelStats reads (2000) and not a multiple of any batch; channel 2 is constant.
const SHAPE = [5, 6, 3] as const;
const COUNT = 2100;
const EPOCHS = 3;
const SHIFTS = [
  [-2, -2],
  [2, 1],
  [0, -1],
  [1, 2],
  [0, 0],
];

interface Checked {
  lrs: number[];
  stats: { mean: number[]; std: number[] };
  shifted: number[][];
  weights: number[][];
}

let dir = "";
before(async () => {
  await tf.setBackend("cpu");
  dir = mkdtempSync(join(tmpdir(), "learn-torch-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The training split: random bytes in channels 0 and 1 (at different scales), zero in channel 2. */
function split() {
  const rng = new Rng(11);
  const pixels = Uint8Array.from({ length: COUNT * 30 * 3 }, (_, i) =>
    i % 3 === 2 ? 0 : rng.int(i % 3 === 0 ? 256 : 64),
  );
  const labels = Int32Array.from({ length: COUNT }, () => rng.int(10));
  return inMemoryImages(pixels, labels, SHAPE);
}

/** A probe of five optimizer steps on two small parameters. */
function probe() {
  const rng = new Rng(5);
  const values = (n: number) => Array.from({ length: n }, () => rng.normal());
  return {
    shifts: SHIFTS,
    weights: [values(6), values(3)],
    grads: Array.from({ length: 5 }, () => [values(6), values(3)]),
    lrs: [0.01, 0.02, 0.015, 0.005, 0.001],
  };
}

test("learn_torch.py's schedule, statistics, shift and optimizers are our trainer's", async () => {
  const train = split();
  const { x, y } = await train.batch(Array.from({ length: COUNT }, (_, i) => i));
  writeFileSync(join(dir, "train_x.bin"), new Uint8Array(x.buffer));
  writeFileSync(join(dir, "train_y.bin"), new Uint8Array(y.buffer));
  // Every recipe, and one whose warm-up ends on a half step (33 steps x 0.5: JavaScript rounds it up).
  const settings: { name: string; workshop: RecipeSettings }[] = [
    ...recipes(),
    {
      name: "half-step warm-up",
      workshop: {
        ...recipes()[0].workshop,
        batchSize: 64,
        lrSchedule: { name: "cosine", warmupEpochs: 0.5 },
      },
    },
  ];
  const jobs = settings.map(({ workshop }) => ({
    ...workshop,
    lr: lrForBatch(workshop, workshop.batchSize),
    epochs: EPOCHS,
    data: dir,
    imageShape: SHAPE,
    rmsprop: TRAIN_DEFAULTS.rmsprop,
    shift: DIGIT_AUGMENT,
    probe: probe(),
  }));
  writeFileSync(join(dir, "jobs.json"), JSON.stringify(jobs));
  const checked = JSON.parse(
    execFileSync(PYTHON, [PEER, "--check", join(dir, "jobs.json")], { encoding: "utf8" }),
  ) as Checked[];

  const stats = await channelStats(train);
  const per = SHAPE[0] * SHAPE[1] * SHAPE[2];
  const first = x.subarray(0, per);
  const shiftedOurs = SHIFTS.map(([dy, dx]) => {
    const out = new Float32Array(per);
    applyShiftFlip(first, SHAPE[0], SHAPE[1], SHAPE[2], { dy, dx, mirror: false }, out, 0);
    return Array.from(out);
  });
  const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * (1 + Math.abs(b));
  settings.forEach(({ name, workshop }, k) => {
    const job = jobs[k];
    const peer = checked[k];
    const stepsPerEpoch = Math.ceil(COUNT / job.batchSize);
    const lrs = Array.from({ length: EPOCHS * stepsPerEpoch }, (_, t) =>
      learningRateAt(job.lr, job.lrSchedule, t, stepsPerEpoch, EPOCHS),
    );
    assert.equal(peer.lrs.length, lrs.length, `${name}: steps`);
    lrs.forEach((lr, t) =>
      assert.ok(close(peer.lrs[t], lr, 1e-12), `${name} step ${t}: ${peer.lrs[t]} vs ${lr}`),
    );

    stats.mean.forEach((m, c) =>
      assert.ok(close(peer.stats.mean[c], m, 1e-12), `${name}: mean ${c}`),
    );
    assert.deepEqual(
      peer.stats.std.map((s, c) => close(s, stats.std[c], 1e-12)),
      [true, true, true],
    );
    assert.equal(peer.stats.std[2], 1, "a constant channel keeps std 1");
    assert.deepEqual(peer.shifted, shiftedOurs, `${name}: shifted images`);

    // As the trainer's paramGroups makes it.
    const vars = job.probe.weights.map((w) => tf.variable(tf.tensor1d(w)));
    const optimizer = makeOptimizer(workshop.optimizer, vars, {
      momentum: workshop.momentum,
      weightDecay: workshop.weightDecay,
      ...(workshop.optimizer === "rmsprop" ? TRAIN_DEFAULTS.rmsprop : {}),
    });
    job.probe.grads.forEach((g, t) =>
      optimizer.apply(
        g.map((a) => tf.tensor1d(a)),
        job.probe.lrs[t],
      ),
    );
    vars.forEach((v, i) =>
      Array.from(v.dataSync()).forEach((w, j) =>
        assert.ok(
          close(peer.weights[i][j], w, 1e-5),
          `${name} (${workshop.optimizer}) weight ${i}[${j}]: ${peer.weights[i][j]} vs ${w}`,
        ),
      ),
    );
    optimizer.dispose();
    tf.dispose(vars);
  });
});
