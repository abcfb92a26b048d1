/** Kernel-side glue between widgets: `link` keeps two properties equal, `interact` reruns a function on changes. */
import { JUPYTER_DISPLAY, type MimeBundle } from "../../kernel/api";
import { figureBundle, kernelApi } from "../bundle";
import type { Figure } from "../figure";
import { VBox, type ValueWidget } from "./controls";
import type { WidgetModel } from "./model";
import { Output } from "./output";

/** A two-way link; `unlink` stops it. */
export interface Link {
  unlink(): void;
}

/** Keeps `target[targetName]` equal to `source[sourceName]` and back (ipywidgets' link, in the kernel). */
export function link(
  source: WidgetModel,
  sourceName: string,
  target: WidgetModel,
  targetName: string,
): Link {
  target.set(targetName, source.get(sourceName));
  const stops = [
    source.observe(sourceName, (c) => target.set(targetName, c.new)),
    target.observe(targetName, (c) => source.set(sourceName, c.new)),
  ];
  return { unlink: () => stops.forEach((stop) => stop()) };
}

/** The values of a set of controls, by the same keys. */
export type ControlValues<C extends Record<string, ValueWidget>> = {
  [K in keyof C]: C[K]["value"];
};

/** What interact returns: the controls and output in a VBox (shown as a cell's value), and a way to rerun. */
export interface Interactive<C extends Record<string, ValueWidget>> {
  box: VBox;
  controls: C;
  output: Output;
  rerun(): void;
  [JUPYTER_DISPLAY](): MimeBundle;
}

function isFigure(value: unknown): value is Figure {
  const v = value as Partial<Figure> | null;
  return (
    typeof v === "object" && v !== null && Array.isArray(v.data) && typeof v.layout === "object"
  );
}

/** Shows a function's result as a cell would: its Jupyter.display bundle, a figure, or its text. */
function showResult(result: unknown): void {
  const api = kernelApi();
  const custom = (result as Record<symbol, unknown> | null)?.[api.JUPYTER_DISPLAY];
  if (typeof custom === "function") api.display.bundle(custom.call(result) as MimeBundle);
  else if (isFigure(result)) api.display.bundle(figureBundle(result));
  else api.display.text(api.plainText(result));
}

/**
 * Shows `controls` above an Output and reruns `fn` into it whenever a control's value changes (and once now).
 * The result (if not undefined) is shown like a cell's value; an error is printed in the Output, not thrown.
 */
export function interact<C extends Record<string, ValueWidget>>(
  fn: (values: ControlValues<C>) => unknown,
  controls: C,
): Interactive<C> {
  const output = new Output();
  const values = () =>
    Object.fromEntries(Object.entries(controls).map(([k, w]) => [k, w.value])) as ControlValues<C>;
  const rerun = () =>
    output.capture(() => {
      output.clear(true);
      try {
        const result = fn(values());
        if (result !== undefined) showResult(result);
      } catch (e) {
        process.stderr.write(`${(e as Error).stack ?? e}\n`);
      }
    });
  for (const w of Object.values(controls)) w.observe("value", rerun);
  const box = new VBox({ children: [...Object.values(controls), output] });
  rerun();
  return { box, controls, output, rerun, [JUPYTER_DISPLAY]: () => box[JUPYTER_DISPLAY]() };
}
