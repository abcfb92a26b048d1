/** PNG export of a figure through headless Chromium (playwright-core driving Debian's chromium), offline. */
import { writeFileAtomic } from "../src/util/atomic";
import { launchChromium } from "./browser";
import type { Figure } from "./figure";
import { plotlyScript, scriptJson } from "./html";

export interface PngOptions {
  /** Image size in CSS pixels (default 900 x 560); `scale` multiplies both for sharper images (default 2). */
  width?: number;
  height?: number;
  scale?: number;
}

/** Renders `fig` with plotly.js in headless Chromium and returns the PNG bytes (Plotly.toImage, no page chrome). */
export async function figurePngBytes(fig: Figure, opts: PngOptions = {}): Promise<Buffer> {
  const { width = 900, height = 560, scale = 2 } = opts;
  for (const [name, v] of Object.entries({ width, height, scale })) {
    if (!(Number.isFinite(v) && v > 0))
      throw new Error(`figurePng: ${name} must be a positive number, got ${v}`);
  }
  const browser = await launchChromium();
  const { context } = browser;
  try {
    // Export must not depend on the network: anything but the page itself is refused.
    await context.route(/^(?!data:|about:)/, (route) => route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8">${plotlyScript()}</head><body><div id="fig"></div></body></html>`,
    );
    const spec = scriptJson({
      data: fig.data,
      layout: { ...fig.layout, width, height },
      config: { ...(fig.config ?? {}), responsive: false },
    });
    const url = await page
      .evaluate(
        async ([json, k]) => {
          const s = JSON.parse(json);
          const P = (
            window as unknown as {
              Plotly: {
                newPlot: (...a: unknown[]) => Promise<unknown>;
                toImage: (...a: unknown[]) => Promise<string>;
              };
            }
          ).Plotly;
          const el = document.getElementById("fig");
          await P.newPlot(el, s.data, s.layout, s.config);
          return (await P.toImage(el, {
            format: "png",
            width: s.layout.width,
            height: s.layout.height,
            scale: k,
          })) as string;
        },
        [spec, scale] as const,
      )
      .catch((e: Error) => {
        throw new Error(
          `figurePng: plotly.js failed to draw the figure: ${e.message}${errors.length ? ` (${errors[0]})` : ""}`,
        );
      });
    const prefix = "data:image/png;base64,";
    if (!url.startsWith(prefix))
      throw new Error(
        `figurePng: plotly.js returned "${url.slice(0, 30)}", expected a PNG data URL`,
      );
    return Buffer.from(url.slice(prefix.length), "base64");
  } finally {
    await browser.close();
  }
}

/** Writes `fig` as a PNG file at `path` (atomically); see figurePngBytes for the options. */
export async function figurePng(fig: Figure, path: string, opts: PngOptions = {}): Promise<void> {
  writeFileAtomic(path, await figurePngBytes(fig, opts));
}
