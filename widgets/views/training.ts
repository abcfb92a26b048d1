/** Training curves for several runs (loss/accuracy per step and per epoch), and a live view that redraws in place. */
import { randomUUID } from "node:crypto";
import {
  axis,
  baseLayout,
  BASE_CONFIG,
  MENU_POSITION,
  colorAt,
  type Figure,
  type Trace,
} from "../figure";
import { show, update } from "../bundle";

export interface StepPoint {
  step: number;
  loss: number;
  accuracy?: number;
}

/** Per-epoch metrics as the trainer records them in run.json (`metrics`). */
export interface EpochPoint {
  epoch: number;
  trainLoss?: number;
  trainAcc?: number;
  testLoss?: number;
  testAcc?: number;
}

export interface TrainingRun {
  name: string;
  steps?: StepPoint[];
  epochs?: EpochPoint[];
}

type Metric = "loss" | "accuracy";
/** Traces per run, in this order; the dropdown shows the half that matches its metric. */
const RUN_TRACES: {
  metric: Metric;
  panel: "step" | "epoch";
  key: keyof EpochPoint | keyof StepPoint;
  label: string;
}[] = [
  { metric: "loss", panel: "step", key: "loss", label: "loss" },
  { metric: "loss", panel: "epoch", key: "trainLoss", label: "train loss" },
  { metric: "loss", panel: "epoch", key: "testLoss", label: "test loss" },
  { metric: "accuracy", panel: "step", key: "accuracy", label: "accuracy" },
  { metric: "accuracy", panel: "epoch", key: "trainAcc", label: "train accuracy" },
  { metric: "accuracy", panel: "epoch", key: "testAcc", label: "test accuracy" },
];

/**
 * Two panels, per step (left) and per epoch (right, train dashed, test solid); a dropdown switches loss/accuracy and
 * clicking a run in the legend hides all its curves.
 */
export function trainingCurvesView(
  runs: TrainingRun[],
  opts: { metric?: Metric; title?: string } = {},
): Figure {
  const metric = opts.metric ?? "loss";
  const data: Trace[] = runs.flatMap((run, i) =>
    RUN_TRACES.map((spec, k) => {
      const rows = (spec.panel === "step"
        ? (run.steps ?? [])
        : (run.epochs ?? [])) as unknown as Record<string, number | undefined>[];
      const xKey = spec.panel === "step" ? "step" : "epoch";
      const kept = rows.filter((r) => typeof r[spec.key] === "number");
      return {
        type: "scatter",
        mode: spec.panel === "step" ? "lines" : "lines+markers",
        name: run.name,
        legendgroup: run.name,
        showlegend: k === 0 || k === 3,
        visible: spec.metric === metric,
        x: kept.map((r) => r[xKey]),
        y: kept.map((r) => r[spec.key]),
        xaxis: spec.panel === "step" ? "x" : "x2",
        yaxis: spec.panel === "step" ? "y" : "y2",
        hovertemplate: `<b>${run.name}</b><br>${xKey} %{x}<br>${spec.label} %{y:.4f}<extra></extra>`,
        line: {
          color: colorAt(i),
          dash: spec.key === "trainLoss" || spec.key === "trainAcc" ? "dash" : "solid",
          width: spec.panel === "step" ? 1.5 : 2.5,
        },
        marker: { color: colorAt(i), size: 7 },
      };
    }),
  );
  const visible = (m: Metric) => data.map((_, j) => RUN_TRACES[j % RUN_TRACES.length].metric === m);
  return {
    data,
    layout: baseLayout(opts.title ?? "Training", {
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: axis("step"),
      yaxis: axis(metric),
      xaxis2: axis("epoch", { dtick: 1 }),
      yaxis2: axis(`${metric} per epoch (train dashed, test solid)`),
      hovermode: "closest",
      uirevision: "keep", // keeps zoom and legend choices across live updates
      updatemenus: [
        {
          type: "dropdown",
          ...MENU_POSITION,
          active: metric === "loss" ? 0 : 1,
          buttons: (["loss", "accuracy"] as const).map((m) => ({
            label: m,
            method: "update",
            args: [
              { visible: visible(m) },
              {
                "yaxis.title.text": m,
                "yaxis2.title.text": `${m} per epoch (train dashed, test solid)`,
              },
            ],
          })),
        },
      ],
    }),
    config: { ...BASE_CONFIG },
  };
}

export interface LiveTrainingOptions {
  /** The notebook display id to update (default a fresh one). */
  displayId?: string;
  /** Least time between two redraws; points arriving in between are drawn with the next one or by flush(). */
  throttleMs?: number;
  metric?: Metric;
  title?: string;
}

/** A training view that shows itself on the first point and then updates in place (throttled) while a run trains. */
export interface LiveTraining {
  readonly displayId: string;
  /** Adds a step's loss (and accuracy) to `run`. */
  step(run: string, point: StepPoint): void;
  /** Adds an epoch's metrics to `run`. */
  epoch(run: string, point: EpochPoint): void;
  /** Draws whatever is pending now (call at the end of training). */
  flush(): void;
  /** The figure as it stands. */
  figure(): Figure;
}

/** Starts a live training view; nothing is displayed until the first point arrives. */
export function liveTrainingView(opts: LiveTrainingOptions = {}): LiveTraining {
  const displayId = opts.displayId ?? `imagenot-live-${randomUUID()}`;
  const throttleMs = opts.throttleMs ?? 500;
  const runs = new Map<string, Required<TrainingRun>>();
  let shown = false;
  let last = 0;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  const figure = () =>
    trainingCurvesView([...runs.values()], { metric: opts.metric, title: opts.title });
  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    pending = false;
    last = Date.now();
    if (shown) update(displayId, figure());
    else {
      show(figure(), { displayId });
      shown = true;
    }
  };
  const changed = () => {
    if (!shown || Date.now() - last >= throttleMs) return draw();
    pending = true;
    // Best effort when the event loop is free between points; a blocking loop is covered by the next point or flush().
    timer ??= setTimeout(
      () => {
        if (pending) draw();
      },
      throttleMs - (Date.now() - last),
    );
    timer.unref?.();
  };
  const run = (name: string) => {
    let r = runs.get(name);
    if (!r) runs.set(name, (r = { name, steps: [], epochs: [] }));
    return r;
  };
  return {
    displayId,
    step(name, point) {
      run(name).steps.push(point);
      changed();
    },
    epoch(name, point) {
      run(name).epochs.push(point);
      changed();
    },
    flush() {
      if (pending || !shown) draw();
    },
    figure,
  };
}
