import { test } from "node:test";
import assert from "node:assert/strict";
import { KERNEL_HOST, type KernelHost, type MimeBundle } from "../../kernel/api";
import { PLOTLY_MIME, show } from "../../widgets/bundle";
import { liveTrainingView } from "../../widgets/views/training";

interface Shown {
  bundle: MimeBundle;
  displayId: string | undefined;
  update: boolean;
}

/** Runs `body` with a recording stand-in for the kernel host that kernel/api.ts talks to. */
function withHost(body: (shown: Shown[]) => void): void {
  const shown: Shown[] = [];
  const host: KernelHost = {
    display: (bundle, _metadata, displayId, update) => {
      shown.push({ bundle, displayId, update });
    },
    clearOutput: () => {},
    openComm: () => {
      throw new Error("not used");
    },
    registerCommTarget: () => {},
  };
  const g = globalThis as Record<symbol, unknown>;
  g[KERNEL_HOST] = host;
  try {
    body(shown);
  } finally {
    delete g[KERNEL_HOST];
  }
}

const hasPlotly = (b: MimeBundle) => String(b["text/html"]).includes("* plotly.js v");

test("plotly.js is inlined only on request (pages load it from the kernelspec); live views update in place", () => {
  withHost((shown) => {
    const fig = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} };
    show(fig);
    show(fig);
    show(fig, { includePlotly: true });
    assert.deepEqual(
      shown.map((s) => hasPlotly(s.bundle)),
      [false, false, true],
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
  });
});
