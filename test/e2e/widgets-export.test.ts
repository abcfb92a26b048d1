/**
 * Exported widgets: run-notebook saves the widget state (asked of the kernel over the control comm) in the notebook's
 * metadata, and --html embeds it, rendered offline by the standard @jupyter-widgets/html-manager in Chromium.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runCli, ROOT } from "../helpers/cli";
import { startBrowser, type TestBrowser } from "./widgets-browser";

const req = (path: string) => `require(${JSON.stringify(join(ROOT, path))})`;
let dir: string;
let browser: TestBrowser;
let saved: { metadata: { widgets: Record<string, any> } };

before(() => {
  dir = mkdtempSync(join(tmpdir(), "widgets-export-"));
  const cell = (source: string[]) => ({
    cell_type: "code",
    metadata: {},
    execution_count: null,
    outputs: [],
    source: source.join("\n"),
  });
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      cell([
        `const w = ${req("widgets/jupyter/index")};`,
        `new w.IntSlider({ value: 7, description: "k" })`,
      ]),
      cell([
        `const { studyPanel } = ${req("widgets/interactive/study-panel")};`,
        `const { testbedStudy } = ${req("test/widgets/fixtures")};`,
        `studyPanel(testbedStudy(), { excluded: ["vit_base_patch16_224"] })`,
      ]),
      cell([
        `w.interact(({ k }) => console.log(\`k is \${k}\`), { k: new w.IntSlider({ value: 4 }) })`,
      ]),
    ],
  };
  writeFileSync(join(dir, "w.ipynb"), JSON.stringify(nb));
  const r = runCli([
    "run-notebook",
    join(dir, "w.ipynb"),
    "--out",
    join(dir, "out.ipynb"),
    "--html",
    join(dir, "w.html"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  saved = JSON.parse(readFileSync(join(dir, "out.ipynb"), "utf8"));
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("run-notebook saves every live widget's state in the notebook metadata", () => {
  const doc = saved.metadata.widgets["application/vnd.jupyter.widget-state+json"];
  assert.equal(doc.version_major, 2);
  assert.equal(doc.version_minor, 0);
  const models = Object.values<any>(doc.state);
  const slider = models.find((m) => m.model_name === "IntSliderModel" && m.state.value === 7);
  assert.ok(slider, "the slider with its value");
  assert.equal(slider.model_module, "@jupyter-widgets/controls");
  assert.equal(slider.model_module_version, "2.0.0");
  const out = models.find((m) => m.model_name === "OutputModel");
  assert.equal(out.state.outputs.length, 2, "the panel's two figures are in its Output's state");
  // interact's Output caught its run through msg_id, as a front end would: the text is in the widget, not the cell.
  const caught = models.filter(
    (m) => m.model_name === "OutputModel" && m.state.outputs.length === 1,
  );
  assert.deepEqual(
    caught.map((m) => m.state.outputs[0]),
    [{ output_type: "stream", name: "stdout", text: "k is 4\n" }],
  );
  const cell = (saved as unknown as { cells: Array<{ outputs: Array<{ output_type: string }> }> })
    .cells[2];
  assert.deepEqual(
    cell.outputs.map((o) => o.output_type),
    ["execute_result"],
  );
});

test("the exported page renders the widgets offline with their saved values, and says they cannot recompute", async () => {
  browser = await startBrowser();
  const page = await browser.context.newPage();
  await page.goto(pathToFileURL(join(dir, "w.html")).href);
  await page.locator(".widget-readout").first().waitFor({ timeout: 60_000 });
  assert.equal((await page.locator(".widget-readout").first().textContent())?.trim(), "7");
  await page.waitForFunction(
    () => document.querySelectorAll(".widget-output .js-plotly-plot").length === 2,
    undefined,
    {
      timeout: 60_000,
    },
  );
  assert.match(
    (await page.locator(".widget-html", { hasText: "n = 7" }).textContent())!,
    /left out: vit_base/,
  );
  assert.equal(await page.locator(".widget-note").count(), 3);
  await page.locator(".widget-output", { hasText: "k is 4" }).waitFor({ timeout: 30_000 });
  assert.match(
    (await page.locator(".widget-note").first().textContent())!,
    /cannot recompute without a kernel/,
  );
  const html = readFileSync(join(dir, "w.html"), "utf8");
  const count = (needle: string) => html.split(needle).length - 1;
  assert.equal(count('<script type="application/vnd.jupyter.widget-state+json">'), 1, "state once");
  assert.equal(count('var __webpack_public_path__ = "";'), 1, "html-manager bundled once");
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.networkRequests, []);
});
