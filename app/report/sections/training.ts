/** Section: the nine architectures at workshop scale, trained on both built-in datasets; run records on disk. */
import { join } from "node:path";
import { htmlTable } from "../../../widgets/html-table";
import {
  trainingCurvesView,
  type StepPoint,
  type TrainingRun,
} from "../../../widgets/views/training";
import { ARCHITECTURES, architectureFacts } from "../../../src/models/facts";
import { train } from "../../../src/train/trainer";
import type { RunRecord } from "../../../src/train/run-record";
import type { ReproduceOptions, Section } from "../context";

/** How much each run trains: the quick plan fits the whole job in under 10 minutes on 2 cores. Both datasets
 * get the same number of training and test images, so that only their content differs. The quick plan takes
 * batches of 16 at a constant rate: with 38 steps of 32 under a cosine decay the deep BatchNorm nets
 * (ResNet, EfficientNet) stayed at chance on the test set; 75 steps at 0.001 lift them well above it. */
export function trainingPlan(opts: ReproduceOptions) {
  return opts.quick
    ? {
        epochs: 1,
        limitTrain: 1200,
        limitTest: 500,
        batchSize: 16,
        optimizer: "adam" as const,
        lr: 0.001,
        lrSchedule: "constant" as const,
      }
    : {
        epochs: 3,
        limitTrain: 8000,
        limitTest: 1400,
        batchSize: 64,
        optimizer: "adam" as const,
        lr: 0.002,
        lrSchedule: "cosine" as const,
      };
}

/** Where the runs of the job live: one folder per dataset and architecture. */
export function runsFolder(opts: ReproduceOptions): string {
  return join(opts.out, "runs");
}

export const trainingSection: Section = {
  title: "training the nine architectures on both built-in datasets",
  async run(opts) {
    const datasets = ["mnist", "fashion-mnist"];
    const plan = trainingPlan(opts);
    const records: RunRecord[] = [];
    const curves: TrainingRun[] = [];
    let k = 0;
    for (const dataset of datasets) {
      for (const arch of ARCHITECTURES) {
        k++;
        process.stderr.write(
          `      run ${k}/${datasets.length * ARCHITECTURES.length}: ${architectureFacts(arch).displayName} on ${dataset}\n`,
        );
        // resume: a rerun after a crash continues from the last epoch's checkpoint; a finished run is read back.
        const steps: StepPoint[] = [];
        const record = await train({
          arch,
          dataset,
          scale: "small",
          ...plan,
          seed: opts.seed,
          dataSeed: opts.seed,
          backend: opts.backend as "auto",
          out: join(runsFolder(opts), dataset, arch),
          resume: true,
          onProgress: (p) =>
            steps.push({ step: (p.epoch - 1) * p.steps + p.step, loss: p.loss, accuracy: p.acc }),
        });
        records.push(record);
        curves.push({
          name: `${architectureFacts(arch).displayName} · ${dataset}`,
          steps,
          epochs: record.metrics,
        });
      }
    }
    const figure = trainingCurvesView(curves, {
      metric: "loss",
      title: "Training loss per step and test metrics per epoch, every run",
    });
    const first = records[0];
    const html = [
      `<p>Each architecture is built at workshop scale (the same family, narrower and shallower, 28×28 inputs)
      and trained from scratch with one recipe for all: ${plan.optimizer}, learning rate ${plan.lr}
      ${plan.lrSchedule === "cosine" ? "with a cosine schedule" : "held constant"}, batch ${plan.batchSize}, ${plan.epochs} epoch${plan.epochs > 1 ? "s" : ""} over ${first.trainCount}
      training images, tested on ${first.testCount}. Backend: <strong>${first.backend.name}</strong> (${first.backend.reason}).
      Every run wrote its record (configuration, seed, backend, versions, per-epoch metrics, per-example test
      results) to <code>runs/DATASET/ARCH/run.json</code> beside this report.</p>`,
      htmlTable(
        ["architecture", "dataset", "parameters", "test accuracy", "seconds"],
        records.map((r) => [
          architectureFacts(r.arch).displayName,
          r.dataset,
          r.params,
          r.finalTestAcc,
          r.metrics.reduce((s, m) => s + m.seconds, 0),
        ]),
        { digits: 3 },
      ),
    ].join("\n");
    return {
      title: "Training the nine architectures ourselves",
      html,
      figures: [figure],
      facts: {
        plan,
        backend: first.backend,
        runs: records.map((r) => ({
          arch: r.arch,
          dataset: r.dataset,
          params: r.params,
          finalTestAcc: r.finalTestAcc,
        })),
      },
    };
  },
};
