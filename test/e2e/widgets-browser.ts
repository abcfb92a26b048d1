/** One headless Chromium for the widget tests: offline (any non-file request fails and is recorded), errors
 * collected. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { launchChromium } from "../../widgets/browser";
import { writeReport, type Report } from "../../widgets/html";

export interface TestBrowser {
  context: BrowserContext;
  /** Requests to anything but file: and data: URLs (each was aborted). */
  networkRequests: string[];
  /** Uncaught page errors and console errors, from every page. */
  errors: string[];
  /** Writes `report` into a temp folder and opens it in a new page (`prepare` runs before it loads), waiting
   * for every figure to draw. */
  openReport(report: Report, prepare?: (page: Page) => Promise<void>): Promise<Page>;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile; `allow` lets through extra URL prefixes (e.g. a local Jupyter server),
 * `args` are extra Chromium flags. */
export async function startBrowser(
  allow: string[] = [],
  args: string[] = [],
): Promise<TestBrowser> {
  const dir = mkdtempSync(join(tmpdir(), "widgets-e2e-"));
  const browser = await launchChromium({ viewport: { width: 1100, height: 800 }, args });
  const { context } = browser;
  const networkRequests: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:") || allow.some((a) => url.startsWith(a)))
      return route.continue();
    networkRequests.push(url);
    return route.abort();
  });
  context.on("page", (page) => watch(page, errors));
  for (const p of context.pages()) watch(p, errors);
  let n = 0;
  return {
    context,
    networkRequests,
    errors,
    async openReport(report, prepare) {
      const path = join(dir, `report-${++n}.html`);
      writeReport(path, report);
      const page = await context.newPage();
      await prepare?.(page);
      await page.goto(pathToFileURL(path).href);
      const figures = report.sections.reduce((k, s) => k + (s.figures?.length ?? 0), 0);
      await page.waitForFunction(
        (k) => document.querySelectorAll(".imagenot-figure.js-plotly-plot").length === k,
        figures,
      );
      return page;
    },
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function watch(page: Page, errors: string[]): void {
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()} (at ${m.location().url || "?"})`);
  });
}

/** Moves the mouse onto the centre of `target` and returns the text of the hover label that appears. */
export async function hoverText(page: Page, target: Locator): Promise<string> {
  await page.mouse.move(0, 0);
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error("hoverText: the target has no box (not drawn?)");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 2 });
  await page.waitForSelector(".hoverlayer .hovertext", { timeout: 15_000 });
  // Plotly draws each <br>-separated line as its own tspan; join them so tests can match line by line.
  const lines = await page.locator(".hoverlayer .hovertext text.nums tspan.line").allTextContents();
  return lines.length > 0
    ? lines.join("\n")
    : (await page.locator(".hoverlayer .hovertext").allTextContents()).join("\n");
}
