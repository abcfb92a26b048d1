import { test } from "node:test";
import assert from "node:assert/strict";
import { KERNEL_HOST, type KernelHost, type MimeBundle } from "../../kernel/api";
import { PLOTLY_MIME, show } from "../../widgets/bundle";
import { liveTrainingView } from "../../widgets/views/training";
import { WIDGET_TARGET, showStudyPanel } from "../../widgets/interactive/panel";
import { testbedStudy } from "./fixtures";

interface Shown {
  bundle: MimeBundle;
  displayId: string | undefined;
  update: boolean;
}

/** Runs `body` with a recording stand-in for the kernel host that kernel/api.ts talks to. */
function withHost(body: (shown: Shown[], targets: string[]) => void): void {
  const shown: Shown[] = [];
  const targets: string[] = [];
  const host: KernelHost = {
    display: (bundle, _metadata, displayId, update) => {
      shown.push({ bundle, displayId, update });
    },
    clearOutput: () => {},
    openComm: () => {
      throw new Error("not used");
    },
    registerCommTarget: (name) => {
      targets.push(name);
    },
  };
  const g = globalThis as Record<symbol, unknown>;
  g[KERNEL_HOST] = host;
  try {
    body(shown, targets);
  } finally {
    delete g[KERNEL_HOST];
  }
}

const hasPlotly = (b: MimeBundle) => String(b["text/html"]).includes("* plotly.js v");

test("plotly.js goes into the first output of the session only; live views update in place", () => {
  withHost((shown, targets) => {
    const fig = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} };
    show(fig);
    show(fig);
    assert.deepEqual(
      shown.map((s) => hasPlotly(s.bundle)),
      [true, false],
    );
    assert.deepEqual(shown[1].bundle[PLOTLY_MIME], { data: fig.data, layout: {}, config: {} });

    shown.length = 0;
    const live = liveTrainingView({ displayId: "live-1", throttleMs: 60_000 });
    live.step("r", { step: 1, loss: 2 });
    live.step("r", { step: 2, loss: 1 }); // within the throttle: not drawn yet
    assert.deepEqual(
      shown.map((s) => [s.displayId, s.update]),
      [["live-1", false]],
    );
    live.flush();
    assert.deepEqual(
      shown.map((s) => [s.displayId, s.update]),
      [
        ["live-1", false],
        ["live-1", true],
      ],
    );
    assert.deepEqual(
      (shown[1].bundle[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y,
      [2, 1],
    );

    shown.length = 0;
    showStudyPanel(testbedStudy());
    assert.deepEqual(targets, [WIDGET_TARGET]);
    assert.match(String(shown[0].bundle["text/html"]), /class="imagenot-study"/);
    assert.equal(hasPlotly(shown[0].bundle), false);
  });
});
