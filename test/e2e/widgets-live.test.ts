/**
 * Live widgets with the real managers: Debian's Chromium runs @jupyter-widgets/html-manager (base 2.0, controls 2.0,
 * output 1.0) bundled from npm with esbuild (test/e2e/widgets-live/page.ts), connected through a real Jupyter server
 * (Debian's jupyter-notebook) with @jupyterlab/services to the imagenot-ts kernel running our widgets.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { startBrowser, type TestBrowser } from "./widgets-browser";
import { startNotebookServer, type NotebookServer } from "./widgets-jupyter-server";

const ROOT = join(__dirname, "..", "..");
const req = (path: string) => `require(${JSON.stringify(join(ROOT, path))})`;

let server: NotebookServer;
let browser: TestBrowser;
let page: Page;
let kernelId: string;
let ids: { slider: string; box: string; panel: string };

interface Lab {
  connect(token: string, id?: string): Promise<string>;
  run(code: string): Promise<{ status: string; text: string[] }>;
  restore(ids: string[]): Promise<string[]>;
  get(modelId: string, key: string): Promise<unknown>;
}
// Page functions are serialised into the page: they name window.lab themselves, and declare no named functions
// (tsx would wrap those in a helper the page does not have).

/** Bundles the page (about 3 s) into `dir`: index.html, page.js, page.css. */
async function bundlePage(dir: string): Promise<void> {
  mkdirSync(dir);
  const fonts = Object.fromEntries(
    [".woff", ".woff2", ".ttf", ".eot", ".svg", ".png"].map((e) => [e, "dataurl" as const]),
  );
  await build({
    entryPoints: [join(__dirname, "widgets-live", "page.ts")],
    bundle: true,
    outdir: dir,
    format: "iife",
    platform: "browser",
    logLevel: "error",
    loader: fonts,
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
    // html-manager's libembed assigns webpack's public path, which no esbuild bundle defines.
    banner: { js: 'var __webpack_public_path__ = "";' },
  });
  writeFileSync(
    join(dir, "index.html"),
    `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="page.css"></head>` +
      `<body data-base-url="/"><div id="out"></div><script src="page.js"></script></body></html>`,
  );
}

/** Opens the page under the Jupyter server's origin (fulfilled by playwright, so its REST and websocket calls are
 * same-origin; notebook 6 would serve it sandboxed, with an opaque origin). */
async function openPage(): Promise<Page> {
  const p = await browser.context.newPage();
  await p.goto(`${server.base}/imagenot-live/index.html`);
  await p
    .waitForFunction(() => "lab" in window, undefined, { timeout: 30_000 })
    .catch((e: Error) => {
      throw new Error(`${e.message}\npage errors: ${browser.errors.join(" | ")}`);
    });
  return p;
}

async function run(code: string): Promise<string[]> {
  const r = await withTimeout(
    page.evaluate((c) => (window as unknown as { lab: Lab }).lab.run(c), code),
    `running ${code.slice(0, 60)}`,
  );
  assert.equal(r.status, "ok", r.text.join("\n"));
  return r.text;
}

/** Fails with the page's errors when `p` takes longer than `ms`. */
function withTimeout<T>(p: Promise<T>, what: string, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`${what}: no answer in ${ms} ms; page errors: ${browser.errors.join(" | ")}`),
        ),
      ms,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

before(async () => {
  server = await startNotebookServer();
  const dir = join(server.work, "imagenot-live");
  await bundlePage(dir);
  // A page playwright fulfils has no address space of its own: Chromium's local network checks would then block
  // its websocket to the loopback server.
  browser = await startBrowser([server.base], ["--disable-features=LocalNetworkAccessChecks"]);
  await browser.context.route(`${server.base}/imagenot-live/**`, (route) => {
    const name = new URL(route.request().url()).pathname.split("/").pop()!;
    const type = name.endsWith(".js")
      ? "text/javascript"
      : name.endsWith(".css")
        ? "text/css"
        : "text/html";
    return route.fulfill({ body: readFileSync(join(dir, name)), contentType: type });
  });
  page = await openPage();
  kernelId = await withTimeout(
    page.evaluate((t) => (window as unknown as { lab: Lab }).lab.connect(t), server.token),
    "connecting to a new kernel",
  );
  const shown = await run(
    [
      `const w = ${req("widgets/jupyter/index")};`,
      `const { display } = ${req("kernel/api")};`,
      `const seen: number[] = [];`,
      `const slider = new w.IntSlider({ value: 3, max: 10, description: "k" });`,
      `slider.observe("value", (c: { new: number }) => seen.push(c.new));`,
      `const button = new w.Button({ description: "go" });`,
      `const out = new w.Output();`,
      `let clicks = 0;`,
      `button.onClick(() => out.capture(() => display.html(\`<b class="clicked">clicked \${++clicks}</b>\`)));`,
      `const box = new w.VBox({ children: [slider, button, out] });`,
      `console.log(JSON.stringify({ slider: slider.modelId, box: box.modelId }));`,
      `box`,
    ].join("\n"),
  );
  ids = { ...JSON.parse(shown[0]), panel: "" };
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const kernelValue = async (expr: string) =>
  JSON.parse((await run(`JSON.stringify(${expr})`))[0].slice(1, -1));

test("moving the slider in the page fires the kernel's observer", async () => {
  const handle = page.locator(`[data-model-id="${ids.box}"] .noUi-handle`).first();
  await handle.focus();
  await handle.press("ArrowRight");
  await handle.press("ArrowRight");
  await page.waitForFunction(
    (id) => (window as unknown as { lab: Lab }).lab.get(id, "value").then((v) => v === 5),
    ids.slider,
  );
  for (let i = 0; i < 50 && (await kernelValue("slider.value")) !== 5; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(await kernelValue("slider.value"), 5);
  assert.deepEqual(await kernelValue("seen"), [4, 5]);
});

test("a kernel-side value = moves the slider in the page", async () => {
  await run("slider.value = 8;");
  const readout = page.locator(`[data-model-id="${ids.box}"] .widget-readout`).first();
  await page.waitForFunction(
    (id) => (window as unknown as { lab: Lab }).lab.get(id, "value").then((v) => v === 8),
    ids.slider,
  );
  assert.equal((await readout.textContent())?.trim(), "8");
});

test("a button click runs its callback, and the Output shows what it displayed", async () => {
  await page.locator(`[data-model-id="${ids.box}"] button`, { hasText: "go" }).click();
  const shown = page.locator(`[data-model-id="${ids.box}"] .widget-output b.clicked`);
  await shown.waitFor({ timeout: 30_000 });
  assert.equal(await shown.textContent(), "clicked 1");
  assert.equal(await kernelValue("clicks"), 1);
});

test("the study panel: figures draw, and leaving a model out in the page recomputes them in the kernel", async () => {
  const text = await run(
    [
      `const { studyPanel } = ${req("widgets/interactive/study-panel")};`,
      `const { testbedStudy } = ${req("test/widgets/fixtures")};`,
      `const panel = studyPanel(testbedStudy());`,
      `console.log(JSON.stringify(panel.box.modelId));`,
      `panel`,
    ].join("\n"),
  );
  ids.panel = JSON.parse(text[0]);
  const view = page.locator(`[data-model-id="${ids.panel}"]`);
  await page.waitForFunction(
    (id) => document.querySelectorAll(`[data-model-id="${id}"] .js-plotly-plot`).length === 2,
    ids.panel,
    { timeout: 60_000 },
  );
  const points = () =>
    view
      .locator(".js-plotly-plot")
      .first()
      .locator(".scatterlayer .trace")
      .first()
      .locator(".point")
      .count();
  assert.equal(await points(), 8);
  await view.locator("select[multiple]").selectOption(["vit_base_patch16_224"]);
  await view.locator(".widget-html", { hasText: "n = 7" }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (id) => {
      const plot = document.querySelector(`[data-model-id="${id}"] .js-plotly-plot`) as unknown as {
        data?: { x: unknown[] }[];
      } | null;
      return plot?.data?.[0]?.x?.length === 7;
    },
    ids.panel,
    { timeout: 30_000 },
  );
  assert.equal(await points(), 7);
  assert.deepEqual(await kernelValue("panel.excluded.value"), ["vit_base_patch16_224"]);
});

test("after a page reload, request_states restores every widget with its values", async () => {
  const before = await kernelValue("Object.keys(w.widgetStates()).sort()");
  await page.close();
  page = await openPage();
  await page.evaluate(([t, id]) => (window as unknown as { lab: Lab }).lab.connect(t, id), [
    server.token,
    kernelId,
  ] as const);
  const restored = await page.evaluate(
    (v) => (window as unknown as { lab: Lab }).lab.restore(v),
    [ids.box, ids.panel],
  );
  assert.deepEqual([...restored].sort(), before);
  assert.equal(
    await page.evaluate(
      (id) => (window as unknown as { lab: Lab }).lab.get(id, "value"),
      ids.slider,
    ),
    8,
  );
  const view = page.locator(`[data-model-id="${ids.box}"]`);
  assert.equal((await view.locator(".widget-readout").first().textContent())?.trim(), "8");
  await view.locator(".widget-output b.clicked").waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (id) => document.querySelectorAll(`[data-model-id="${id}"] .js-plotly-plot`).length === 2,
    ids.panel,
    { timeout: 60_000 },
  );
  // The restored page drives the kernel as the first did.
  await run("slider.value = 2;");
  await page.waitForFunction(
    (id) => (window as unknown as { lab: Lab }).lab.get(id, "value").then((v) => v === 2),
    ids.slider,
  );
});

test("no page errors, nothing fetched beyond the Jupyter server", () => {
  // @jupyterlab/services 7 first asks for the v1 kernel websocket subprotocol; notebook 6 does not speak it, so the
  // first handshake fails and services reconnects with the legacy protocol (one console line per connection).
  const subprotocolFallback = /Sent non-empty 'Sec-WebSocket-Protocol' header but no response/;
  assert.deepEqual(
    browser.errors.filter((e) => !subprotocolFallback.test(e)),
    [],
  );
  assert.deepEqual(browser.networkRequests, []);
});
