/**
 * The study panel on standard Jupyter widgets: baseline, models left out and scale as controls; the statistics
 * and both figures follow in the kernel (src/analysis). It works wherever the standard widget manager runs
 * (JupyterLab, Notebook 7, VS Code), and its saved state shows the last figures in exported HTML.
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "../../kernel/api";
import { figureBundle } from "../bundle";
import { Dropdown, HBox, HTML, SelectMultiple, ToggleButtons, VBox } from "../jupyter/controls";
import { Output } from "../jupyter/output";
import {
  checkStudyInput,
  parseStudyState,
  studyViews,
  type StudyInput,
  type StudyState,
} from "./study";

/** The panel: its box (shown as a cell's value), its controls, and the outputs that follow them. */
export interface StudyPanel {
  box: VBox;
  baseline: Dropdown;
  excluded: SelectMultiple;
  scale: ToggleButtons;
  /** The statistics line (n, Kendall τb, Spearman, Pearson, both fits). */
  stats: HTML;
  /** Why the last choice could not be computed ("" when it could). */
  status: HTML;
  /** The scatter and the improvement figure. */
  figures: Output;
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Builds the panel for `input` (accuracies of each model on two datasets), starting from `state`. */
export function studyPanel(input: StudyInput, state: Partial<StudyState> = {}): StudyPanel {
  checkStudyInput(input);
  const first = parseStudyState(input, state);
  const baseline = new Dropdown({
    options: input.models,
    value: first.baseline,
    description: "Baseline",
  });
  const scale = new ToggleButtons({
    options: ["raw", "probit"],
    value: first.scale,
    description: "Scale",
  });
  const excluded = new SelectMultiple({
    options: input.models,
    value: first.excluded,
    description: "Leave out",
    rows: Math.min(input.models.length, 8),
  });
  const status = new HTML({ value: "" });
  const stats = new HTML({ value: "" });
  const figures = new Output();
  const recompute = () => {
    let views;
    try {
      views = studyViews(
        input,
        parseStudyState(input, {
          baseline: baseline.value,
          excluded: excluded.value,
          scale: scale.value,
        }),
      );
    } catch (e) {
      // The figures keep the last valid choice; the page says why this one was not drawn.
      status.value = `<span style="color:#a33">${(e as Error).message}</span>`;
      return;
    }
    status.value = "";
    stats.value = views.statsHtml;
    figures.replaceDisplays(figureBundle(views.scatter), figureBundle(views.improvement));
  };
  for (const control of [baseline, excluded, scale]) control.observe("value", recompute);
  recompute();
  const box = new VBox({
    children: [new HBox({ children: [baseline, scale] }), excluded, status, stats, figures],
  });
  return {
    box,
    baseline,
    excluded,
    scale,
    stats,
    status,
    figures,
    [JUPYTER_DISPLAY]: () => box[JUPYTER_DISPLAY](),
  };
}
