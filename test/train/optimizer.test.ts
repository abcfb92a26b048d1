import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { before, test } from "node:test";
import { crossEntropyPerExample } from "../../src/train/evaluate";
import { makeOptimizer } from "../../src/train/optimizer";
import type { OptimizerName, ScheduleSpec } from "../../src/train/settings";
import { learningRateAt } from "../../src/train/schedule";
import { Rng } from "../../src/util/rng";
import { PYTHON, python } from "../helpers/python";

const hasTorch = (() => {
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const skip = hasTorch
  ? false
  : `${PYTHON} has no torch (python3-torch): the reference is torch.optim`;

before(async () => {
  await tf.setBackend("cpu");
});

function randomArray(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.normal());
}

for (const [name, torchCall] of [
  ["sgd", "torch.optim.SGD(params, lr=1.0, weight_decay=WD)"],
  ["momentum", "torch.optim.SGD(params, lr=1.0, momentum=0.8, weight_decay=WD)"],
  ["adam", "torch.optim.Adam(params, lr=1.0, betas=(0.9, 0.99), eps=1e-8, weight_decay=WD)"],
  [
    "rmsprop",
    "torch.optim.RMSprop(params, lr=1.0, alpha=0.9, eps=0.0316, momentum=0.8, weight_decay=WD)",
  ],
  ["adamw", "torch.optim.AdamW(params, lr=1.0, betas=(0.9, 0.99), eps=1e-8, weight_decay=WD)"],
] as const)
  for (const groupElements of [undefined, 8])
    test(
      `${name} with weight decay and a changing learning rate matches torch.optim (groups of ${groupElements ?? "all"} elements)`,
      { skip },
      () => {
        const rng = new Rng(3);
        // With groups of 8: [3, 4] alone, [5] and [2] together, [2, 3] alone.
        const shapes = [[3, 4], [5], [2], [2, 3]];
        const w0 = shapes.map((s) =>
          randomArray(
            rng,
            s.reduce((a, b) => a * b, 1),
          ),
        );
        const steps = 7;
        const gradValues = Array.from({ length: steps }, () =>
          shapes.map((s) =>
            randomArray(
              rng,
              s.reduce((a, b) => a * b, 1),
            ),
          ),
        );
        // Step 3 has no gradient for the [2] variable: torch leaves it alone, and so must we. (Not for Adam and
        // AdamW: torch counts their steps per parameter, ours counts them once for all.)
        const stepCounted = name === "adam" || name === "adamw";
        const grads: (number[] | null)[][] = gradValues.map((g, t) =>
          g.map((a, i) => (t === 3 && i === 2 && !stepCounted ? null : a)),
        );
        const lrs = Array.from({ length: steps }, (_, i) => 0.05 / (i + 1));
        const wd = 0.01;

        const vars = w0.map((w, i) => tf.variable(tf.tensor(w, shapes[i])));
        const opt = makeOptimizer(name as OptimizerName, vars, {
          weightDecay: wd,
          momentum: 0.8,
          beta1: 0.9,
          beta2: 0.99,
          epsilon: name === "rmsprop" ? 0.0316 : 1e-8,
          alpha: 0.9,
          groupElements,
        });
        grads.forEach((g, t) =>
          opt.apply(
            g.map((a, i) => (a === null ? undefined : tf.tensor(a, shapes[i]))),
            lrs[t],
          ),
        );
        const ours = vars.map((v) => Array.from(v.dataSync()));

        const theirs = python<number[][]>(
          `
import torch
params = [torch.tensor(w, dtype=torch.float32, requires_grad=True) for w in INPUT["w0"]]
WD = INPUT["wd"]
opt = ${torchCall}
for g, lr in zip(INPUT["grads"], INPUT["lrs"]):
    for group in opt.param_groups:
        group["lr"] = lr
    for p, gi in zip(params, g):
        p.grad = None if gi is None else torch.tensor(gi, dtype=torch.float32)
    opt.step()
print(json.dumps([p.detach().flatten().tolist() for p in params]))
`,
          { w0, grads, lrs, wd },
        );
        ours.forEach((w, i) =>
          w.forEach((x, j) =>
            assert.ok(
              Math.abs(x - theirs[i][j]) <= 1e-6 + 1e-5 * Math.abs(theirs[i][j]),
              `${name} weight ${i}[${j}]: ${x} vs torch ${theirs[i][j]}`,
            ),
          ),
        );
        opt.dispose();
        tf.dispose(vars);
      },
    );

for (const name of ["adam", "rmsprop", "adamw"] as const)
  test(`a restored ${name} continues exactly like the original`, async () => {
    const make = () => [tf.variable(tf.tensor([1, -2, 3])), tf.variable(tf.tensor([[0.5, 0.25]]))];
    const g = [tf.tensor([0.1, 0.2, -0.3]), tf.tensor([[1, -1]])];
    const a = make(),
      b = make();
    const oa = makeOptimizer(name, a, { weightDecay: 0.1, momentum: 0.9 });
    oa.apply(g, 0.1);
    oa.apply(g, 0.05);
    const state = await oa.state();
    b.forEach((v, i) => v.assign(a[i]));
    const ob = makeOptimizer(name, b, { weightDecay: 0.1, momentum: 0.9 });
    ob.restore(state);
    oa.apply(g, 0.02);
    ob.apply(g, 0.02);
    assert.equal(ob.steps, 3);
    a.forEach((v, i) => assert.deepEqual(Array.from(b[i].dataSync()), Array.from(v.dataSync())));
    assert.throws(
      () => makeOptimizer("momentum", b).restore(state),
      new RegExp(`state is for "${name}"`),
    );
  });

test("schedules match torch's LinearLR warm-up, CosineAnnealingLR and StepLR", { skip }, () => {
  const stepsPerEpoch = 4,
    epochs = 5,
    lr = 0.1,
    total = stepsPerEpoch * epochs;
  const specs: ScheduleSpec[] = [
    { name: "cosine", warmupEpochs: 1 },
    { name: "cosine" },
    { name: "step", stepEpochs: 2, gamma: 0.3 },
    { name: "constant", warmupEpochs: 0.5 },
  ];
  const ours = specs.map((s) =>
    Array.from({ length: total }, (_, t) => learningRateAt(lr, s, t, stepsPerEpoch, epochs)),
  );
  const theirs = python<number[][]>(
    `
import torch
from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR, StepLR, SequentialLR, ConstantLR
spe, total, lr = INPUT["spe"], INPUT["total"], INPUT["lr"]
def run(make, per_epoch=False):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = make(opt)
    out = []
    for t in range(total):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        if not per_epoch: sched.step()
        elif (t + 1) % spe == 0: sched.step()
    return out
def warm(w, after):
    return lambda o: SequentialLR(o, [LinearLR(o, start_factor=1 / w, end_factor=1.0, total_iters=w - 1), after(o)], milestones=[w])
print(json.dumps([
    run(warm(spe, lambda o: CosineAnnealingLR(o, T_max=total - spe))),
    run(lambda o: CosineAnnealingLR(o, T_max=total)),
    run(lambda o: StepLR(o, step_size=2, gamma=0.3), per_epoch=True),
    run(warm(spe // 2, lambda o: ConstantLR(o, factor=1.0, total_iters=0))),
]))
`,
    { spe: stepsPerEpoch, total, lr },
  );
  ours.forEach((row, k) =>
    row.forEach((x, t) =>
      assert.ok(
        Math.abs(x - theirs[k][t]) < 1e-9,
        `${JSON.stringify(specs[k])} step ${t}: ${x} vs torch ${theirs[k][t]}`,
      ),
    ),
  );
});

test(
  "label-smoothed cross-entropy matches torch's CrossEntropyLoss(label_smoothing)",
  { skip },
  () => {
    const rng = new Rng(5);
    const logits = Array.from({ length: 4 }, () => randomArray(rng, 6));
    const labels = [0, 3, 5, 2];
    for (const s of [0, 0.1, 0.11]) {
      const ours = Array.from(
        crossEntropyPerExample(tf.tensor2d(logits), tf.tensor1d(labels, "int32"), s).dataSync(),
      );
      const theirs = python<number[]>(
        `
import torch
loss = torch.nn.functional.cross_entropy(torch.tensor(INPUT["logits"]), torch.tensor(INPUT["labels"]),
    reduction="none", label_smoothing=INPUT["s"])
print(json.dumps(loss.tolist()))
`,
        { logits, labels, s },
      );
      ours.forEach((x, i) =>
        assert.ok(Math.abs(x - theirs[i]) < 1e-5, `smoothing ${s} item ${i}: ${x} vs ${theirs[i]}`),
      );
    }
  },
);
