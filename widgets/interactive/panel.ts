/**
 * The two-way study panel: controls in the page (baseline model, models left out) send a comm message to the kernel,
 * which recomputes with src/analysis and answers with new figures that the page draws with Plotly.react.
 * The page side uses classic Notebook's comm API (Jupyter.notebook.kernel.comm_manager, notebook 6.x); where there is
 * no kernel (exported HTML, reports, other front ends) the controls disable themselves and say why.
 */
import type { Comm, CommMessage, MimeBundle } from "../../kernel/api";
import { claimPlotlyInclusion, kernelApi } from "../bundle";
import { elementId, escapeHtml, plotlyScript, scriptJson } from "../html";
import {
  checkStudyInput,
  parseStudyState,
  studyViews,
  type StudyInput,
  type StudyState,
  type StudyViews,
} from "./study";

/** The comm target the page opens; registered in the kernel by the first panel shown. */
export const WIDGET_TARGET = "imagenot.widget";

/** What the page sends: the panel's id, a request number (stale answers are ignored) and the chosen state. */
export interface StudyRequest extends Partial<StudyState> {
  panel: string;
  request: number;
}

/** What the kernel answers: new views, or the reason it could not make them. */
export type StudyReply =
  | {
      panel: unknown;
      request: unknown;
      ok: true;
      views: Pick<StudyViews, "scatter" | "improvement" | "statsHtml" | "state">;
    }
  | { panel: unknown; request: unknown; ok: false; error: string };

// Panels shown in this kernel session, by id: a message names its panel, and the kernel recomputes from its input.
const panels = new Map<string, StudyInput>();

/** Answers one page message: recomputes the named panel for the requested state (errors are answered, not thrown). */
export function answerStudyRequest(message: unknown): StudyReply {
  const m = (message ?? {}) as Partial<StudyRequest>;
  const input = typeof m.panel === "string" ? panels.get(m.panel) : undefined;
  if (!input)
    return {
      panel: m.panel,
      request: m.request,
      ok: false,
      error: `panel ${JSON.stringify(m.panel)} is not in this kernel session; run its cell again`,
    };
  try {
    const v = studyViews(input, parseStudyState(input, m));
    return {
      panel: m.panel,
      request: m.request,
      ok: true,
      views: {
        scatter: v.scatter,
        improvement: v.improvement,
        statsHtml: v.statsHtml,
        state: v.state,
      },
    };
  } catch (e) {
    return { panel: m.panel, request: m.request, ok: false, error: (e as Error).message };
  }
}

/** Serves one comm the page opened: every message is answered on the same comm. */
export function serveStudyComm(comm: Pick<Comm, "onMsg" | "send">, _open?: CommMessage): void {
  comm.onMsg((msg) => comm.send(answerStudyRequest(msg.data)));
}

let targetRegistered = false;

/** Registers the widget comm target with the kernel (once per session). */
export function registerWidgetTarget(): void {
  if (targetRegistered) return;
  kernelApi().comms.registerTarget(WIDGET_TARGET, serveStudyComm);
  targetRegistered = true;
}

/** Makes `input` answerable by id in this session (showStudyPanel does this; tests and custom front ends may too). */
export function registerStudyPanel(id: string, input: StudyInput): void {
  checkStudyInput(input);
  panels.set(id, input);
}

/** The panel's HTML: controls, a statistics line, the scatter and the improvement figure, and the page-side script. */
export function studyPanelHtml(
  input: StudyInput,
  opts: { id?: string; state?: Partial<StudyState> } = {},
): string {
  checkStudyInput(input);
  const id = opts.id ?? elementId("imagenot-study", input);
  const views = studyViews(input, parseStudyState(input, opts.state ?? {}));
  const options = input.models
    .map(
      (m) =>
        `<option value="${escapeHtml(m)}"${m === views.state.baseline ? " selected" : ""}>${escapeHtml(m)}</option>`,
    )
    .join("");
  const boxes = input.models
    .map(
      (m) =>
        `<label style="margin-right:10px;white-space:nowrap"><input type="checkbox" value="${escapeHtml(m)}"${views.state.excluded.includes(m) ? " checked" : ""}> ${escapeHtml(m)}</label>`,
    )
    .join(" ");
  const initial = {
    scatter: views.scatter,
    improvement: views.improvement,
    statsHtml: views.statsHtml,
    state: views.state,
  };
  return `<div id="${escapeHtml(id)}" class="imagenot-study" data-mode="loading" style="font:14px/1.5 system-ui,sans-serif">
<div class="imagenot-study-controls" style="margin:6px 0">
<label>Baseline <select class="imagenot-study-baseline">${options}</select></label>
<span style="margin-left:16px">Leave out:</span> ${boxes}
</div>
<div class="imagenot-study-status" style="color:#a33;min-height:1.5em"></div>
<div class="imagenot-study-stats" style="color:#333"></div>
<div class="imagenot-study-scatter" style="width:100%;height:560px"></div>
<div class="imagenot-study-improvement" style="width:100%;height:460px"></div>
</div>
<script type="text/javascript">${studyPanelScript(id, initial)}</script>`;
}

/** The page side, plain ES5 so that any notebook front end runs it. */
function studyPanelScript(id: string, initial: unknown): string {
  return `(function () {
  var root = document.getElementById(${scriptJson(id)});
  var initial = ${scriptJson(initial)};
  function q(s) { return root.querySelector(s); }
  var scatterEl = q(".imagenot-study-scatter"), improvementEl = q(".imagenot-study-improvement");
  var statsEl = q(".imagenot-study-stats"), statusEl = q(".imagenot-study-status"), baselineEl = q(".imagenot-study-baseline");
  var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox]"));
  function whenPlotly(f) { if (window.Plotly) { f(); } else { setTimeout(function () { whenPlotly(f); }, 50); } }
  function draw(v) {
    return Promise.all([
      window.Plotly.react(scatterEl, v.scatter.data, v.scatter.layout, v.scatter.config),
      window.Plotly.react(improvementEl, v.improvement.data, v.improvement.layout, v.improvement.config)
    ]).then(function () {
      statsEl.innerHTML = v.statsHtml;
      // The baseline cannot be left out: its box is disabled while it is the baseline.
      boxes.forEach(function (b) { b.disabled = b.value === v.state.baseline; });
    });
  }
  whenPlotly(function () { draw(initial); });
  var kernel = window.Jupyter && window.Jupyter.notebook && window.Jupyter.notebook.kernel;
  if (!kernel || !kernel.comm_manager) {
    baselineEl.disabled = true;
    boxes.forEach(function (b) { b.disabled = true; });
    statusEl.style.color = "#666";
    statusEl.textContent = "Static copy: the controls recompute in the kernel and work in a running classic Notebook.";
    root.setAttribute("data-mode", "static");
    return;
  }
  var comm = kernel.comm_manager.new_comm(${scriptJson(WIDGET_TARGET)}, { panel: ${scriptJson(id)} });
  var request = 0;
  comm.on_msg(function (msg) {
    var d = msg.content.data;
    if (d.request !== request) { return; }
    if (!d.ok) { statusEl.textContent = "Kernel: " + d.error; root.setAttribute("data-answered", String(d.request)); return; }
    whenPlotly(function () {
      draw(d.views).then(function () { statusEl.textContent = ""; root.setAttribute("data-answered", String(d.request)); });
    });
  });
  comm.on_close(function () { statusEl.textContent = "The kernel closed this panel's channel; run its cell again."; });
  function scale() {
    var menus = scatterEl.layout && scatterEl.layout.updatemenus;
    var m = menus && menus[0];
    return m && m.buttons[m.active] ? m.buttons[m.active].label : "raw";
  }
  function send() {
    request += 1;
    var excluded = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    statusEl.textContent = "recomputing in the kernel...";
    comm.send({ panel: ${scriptJson(id)}, request: request, baseline: baselineEl.value, excluded: excluded, scale: scale() });
  }
  baselineEl.addEventListener("change", send);
  boxes.forEach(function (b) { b.addEventListener("change", send); });
  root.setAttribute("data-mode", "kernel");
})();`;
}

/** Shows the study panel in the notebook and makes the kernel answer its controls; returns the panel's id. */
export function showStudyPanel(input: StudyInput, state: Partial<StudyState> = {}): string {
  const id = elementId("imagenot-study", input);
  registerStudyPanel(id, input);
  registerWidgetTarget();
  const html = studyPanelHtml(input, { id, state });
  const bundle: MimeBundle = {
    "text/html": claimPlotlyInclusion() ? `${plotlyScript()}\n${html}` : html,
    "text/plain": `<Study panel: ${input.xName} vs ${input.yName}, ${input.models.length} models (controls need classic Notebook)>`,
  };
  kernelApi().display.bundle(bundle);
  return id;
}
