/** Section: the nine architectures at workshop scale, each with its family's recipe, trained on both
 * built-in datasets; run records on disk. The steps are src/study's; this file tells them. */
import { htmlTable } from "../../../widgets/html-table";
import {
  trainingCurvesView,
  type StepPoint,
  type TrainingRun,
} from "../../../widgets/views/training";
import { displayName } from "../../../src/models/facts";
import { recipe } from "../../../src/train/recipes";
import type { RunRecord } from "../../../src/train/run-record";
import { studyPlan, type RunSpec } from "../../../src/study/plan";
import { trainStudyOnGrid } from "../../../src/study/on-grid";
import { studyRun } from "../../../src/study/rank";
import type { ReproduceOptions, Section, SectionResult } from "../context";

/** The study's plan for these options. */
export function planFor(opts: ReproduceOptions): RunSpec[] {
  return studyPlan({
    quick: opts.quick,
    out: opts.out,
    seeds: opts.seeds,
    firstSeed: opts.seed,
    archs: opts.archs,
    size: opts.size,
  });
}

/** The section's HTML and facts from the plan and its records (no training: testable on stub records). */
export function trainingResult(
  plan: readonly RunSpec[],
  records: readonly RunRecord[],
  curves: TrainingRun[],
): SectionResult {
  const first = records[0];
  const families = [...new Set(plan.map((s) => s.recipe))];
  const marks = records.map(studyRun);
  const mark = (i: number) =>
    marks[i].learned ? "yes" : `did not learn: ${marks[i].learnedReason}`;
  const html = [
    `<p>Each architecture is built at workshop scale (the same family, narrower and shallower, 28×28
    inputs) and trained from scratch with its own family's recipe: torchvision's reference recipe scaled
    down (table below; <code>src/train/recipes.ts</code> gives each source). Every run trains
    ${plan[0].epochs} epoch${plan[0].epochs > 1 ? "s" : ""} over ${first.trainCount} training images and is
    tested on ${first.testCount}, ${new Set(plan.map((s) => s.seed)).size} seed(s) per pair.
    Backend: <strong>${first.backend.name}</strong> (${first.backend.reason}). A run <em>learned</em>
    when its test accuracy is above the 99% binomial interval of chance and its training loss fell below
    0.95·ln(classes). Every run wrote its record to <code>runs/DATASET/ARCH/seedN/run.json</code>.</p>`,
    htmlTable(
      ["recipe", "reference", "optimizer", "lr @ batch", "schedule", "weight decay", "smoothing"],
      families.map((name) => {
        const r = recipe(name);
        const w = r.workshop;
        return [
          name,
          r.reference.command.slice(0, 60) + (r.reference.command.length > 60 ? "…" : ""),
          w.optimizer,
          `${w.lr} @ ${w.batchSize}`,
          `${w.lrSchedule.name}${w.lrSchedule.warmupEpochs ? `, warm-up ${w.lrSchedule.warmupEpochs} ep` : ""}`,
          w.weightDecay,
          w.labelSmoothing,
        ];
      }),
    ),
    htmlTable(
      [
        "architecture",
        "dataset",
        "seed",
        "recipe",
        "parameters",
        "test accuracy",
        "learned",
        "seconds",
      ],
      records.map((r, i) => [
        displayName(r.arch),
        r.dataset,
        r.seed,
        r.recipe?.name ?? "none",
        r.params,
        r.finalTestAcc,
        mark(i),
        r.metrics.reduce((s, m) => s + m.seconds, 0),
      ]),
      { digits: 3 },
    ),
  ].join("\n");
  return {
    title: "Training the nine architectures ourselves",
    html,
    figures: [
      trainingCurvesView(curves, {
        metric: "loss",
        title: "Training loss and test metrics per epoch, every run",
      }),
    ],
    facts: {
      plan: { runs: plan.length, ...plan[0] },
      backend: first.backend,
      runs: records.map((r, i) => ({
        arch: r.arch,
        dataset: r.dataset,
        seed: r.seed,
        recipe: r.recipe ?? null,
        params: r.params,
        finalTestAcc: r.finalTestAcc,
        learned: marks[i].learned,
        learnedReason: marks[i].learnedReason,
        seconds: r.metrics.reduce((s, m) => s + m.seconds, 0),
      })),
    },
  };
}

export const trainingSection: Section = {
  title: "training the nine architectures on both built-in datasets",
  async run(opts) {
    const plan = planFor(opts);
    // Through the grid's local executor: one train process per run, opts.jobs at a time; a rerun
    // resumes each from its folder and never trains a finished run again.
    const seen = new Map<string, string>();
    const records = await trainStudyOnGrid(plan, {
      dir: opts.out,
      jobs: opts.jobs,
      backend: opts.backend,
      onProgress: (runs, run) => {
        const line = `${run.state}${run.skipped ? " (finished before)" : ""}`;
        if (seen.get(run.id) === line) return;
        seen.set(run.id, line);
        const done = runs.filter((r) => r.state === "done").length;
        process.stderr.write(`      [${done}/${runs.length} done] ${run.id}: ${line}\n`);
      },
    });
    const curves = records.map((r) => ({
      name: `${displayName(r.arch)} · ${r.dataset} · seed ${r.seed}`,
      steps: [] as StepPoint[],
      epochs: r.metrics,
    }));
    return trainingResult(plan, records, curves);
  },
};
