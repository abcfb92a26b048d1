/**
 * Figures across reloads in a real classic Notebook (Debian's jupyter-notebook 6.x) with the real imagenot-ts
 * kernel: Run All draws every figure, and so does Run All again after the page is reloaded against the same
 * running kernel (plotly.js comes from the kernelspec through kernel.js, not from an earlier output).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { KERNEL_NAME } from "../../kernel/kernelspec";
import { startBrowser, type TestBrowser } from "./widgets-browser";
import { startNotebookServer, type NotebookServer } from "./widgets-jupyter-server";

const ROOT = join(__dirname, "..", "..");

/** A notebook: a figure, then a live training view fed five steps. */
function notebookJson(): string {
  const widgets = JSON.stringify(join(ROOT, "widgets", "index"));
  const cell = (id: string, lines: string[]) => ({
    cell_type: "code",
    id,
    metadata: {},
    execution_count: null,
    outputs: [],
    source: lines.join("\n"),
  });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: KERNEL_NAME,
        display_name: "TypeScript (imagenot-lab)",
        language: "typescript",
      },
      language_info: { name: "typescript" },
    },
    cells: [
      cell("figure", [
        // require, not import: tslab type-checks imports, and files outside the notebook's folder fail its
        // rootDir check.
        `const { show } = require(${widgets});`,
        `show({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: "bars" } });`,
      ]),
      cell("live", [
        `const { liveTrainingView } = require(${widgets});`,
        `const live = liveTrainingView({ throttleMs: 0 });`,
        `for (let s = 1; s <= 5; s++) live.step("run", { step: s, loss: 1 / s });`,
        `live.flush();`,
      ]),
    ],
  });
}

let server: NotebookServer;
let base: string;
let browser: TestBrowser;
const TOKEN = "widgets-e2e-token";

before(async () => {
  server = await startNotebookServer(TOKEN);
  base = server.base;
  writeFileSync(join(server.work, "panel.ipynb"), notebookJson());
  browser = await startBrowser([base]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** What went wrong in the notebook: the cell's outputs (types, errors, text), page errors, the server log's tail. */
async function diagnose(page: Page): Promise<string> {
  const outputs = await page
    .evaluate(() => {
      const nb = (
        window as unknown as {
          Jupyter: {
            notebook: {
              get_cell(i: number): { output_area: { outputs: Record<string, unknown>[] } };
            };
          };
        }
      ).Jupyter.notebook;
      return nb.get_cell(0).output_area.outputs.map((o) => JSON.stringify(o).slice(0, 600));
    })
    .catch((e: Error) => [`(could not read outputs: ${e.message})`]);
  return [
    `outputs:`,
    ...outputs,
    `page errors: ${browser.errors.join(" | ")}`,
    `network: ${browser.networkRequests.join(" ")}`,
    `server log:`,
    server.log().slice(-3000),
  ].join("\n");
}

async function runAll(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const nb = (
        window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } }
      ).Jupyter?.notebook;
      return !!nb?.kernel && nb.kernel.is_connected();
    },
    undefined,
    { timeout: 60_000 },
  );
  await page.evaluate(() =>
    (
      window as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }
    ).Jupyter.notebook.execute_all_cells(),
  );
}

/** Waits until the figure cell and the live cell each hold one drawn figure, the live one with all five steps. */
async function figuresDrawn(page: Page): Promise<void> {
  await page
    .waitForFunction(
      // A string, so that no transpiler helper (tsx's __name) ends up in the page.
      `(() => {
        const cells = document.querySelectorAll(".cell");
        const plots = [0, 1].map((i) => cells[i]?.querySelectorAll(".imagenot-figure.js-plotly-plot"));
        return plots[0]?.length === 1 && plots[1]?.length === 1 && plots[1][0].data?.[0]?.y?.length === 5;
      })()`,
      undefined,
      { timeout: 60_000 },
    )
    .catch(async (e) => {
      throw new Error(`${(e as Error).message}\n${await diagnose(page)}`);
    });
}

test("classic Notebook: Run All draws every figure, and again after a reload against the running kernel", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${base}/notebooks/panel.ipynb?token=${TOKEN}`);
  await runAll(page);
  await figuresDrawn(page);
  await page.reload();
  await runAll(page);
  await figuresDrawn(page);
  assert.equal(await page.locator(".imagenot-figure-error").count(), 0);
  // plotly.js came from the kernelspec's folder, through kernel.js.
  assert.ok(await page.evaluate(() => "Plotly" in window));
  // Notebook 6 always tries ipywidgets' extension (a hard-coded fallback in its main.js), which Debian does not ship.
  const ipywidgets404 = /nbextensions\/widgets\/notebook\/js\/extension\.js/;
  assert.deepEqual(
    browser.errors.filter((e) => !ipywidgets404.test(e)),
    [],
  );
  assert.deepEqual(browser.networkRequests, []);
  await page.close();
});
