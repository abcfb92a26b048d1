/**
 * Figures across reloads in a real classic Notebook (Debian's jupyter-notebook 6.x) with the real imagenot-ts
 * kernel: Run All draws every figure, and so does Run All again after the page is reloaded against the same
 * running kernel (plotly.js comes from the kernelspec through kernel.js, not from an earlier output).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { kernelspecDir, writeKernelspec, KERNEL_NAME } from "../../kernel/kernelspec";
import { startBrowser, type TestBrowser } from "./widgets-browser";

const ROOT = join(__dirname, "..", "..");
const TOKEN = "widgets-e2e-token";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

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

let dir: string;
let server: ChildProcess;
let base: string;
let browser: TestBrowser;
let serverLog = "";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "widgets-notebook-"));
  const prefix = join(dir, "prefix");
  await writeKernelspec(kernelspecDir(prefix));
  const work = join(dir, "work");
  mkdirSync(work);
  writeFileSync(join(work, "panel.ipynb"), notebookJson());
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // Jupyter's own folders go to the temp dir so that nothing of the user's setup takes part.
  const env = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_CONFIG_DIR: join(dir, "config"),
    JUPYTER_DATA_DIR: join(dir, "data"),
    JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
    IPYTHONDIR: join(dir, "ipython"),
  };
  server = spawn(
    "/usr/bin/python3",
    [
      "-m",
      "notebook",
      "--no-browser",
      `--port=${port}`,
      "--ip=127.0.0.1",
      `--NotebookApp.token=${TOKEN}`,
      `--notebook-dir=${work}`,
      "--allow-root",
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout!.on("data", (d) => {
    serverLog += d;
  });
  server.stderr!.on("data", (d) => {
    serverLog += d;
  });
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/api/status?token=${TOKEN}`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300 || server.exitCode !== null)
      throw new Error(`jupyter notebook did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await startBrowser([base]);
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  if (server && server.exitCode === null) await new Promise((r) => server.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
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
    serverLog.slice(-3000),
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
