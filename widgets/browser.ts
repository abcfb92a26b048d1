/** Headless Chromium for export and tests: Debian's chromium driven by playwright-core, a fresh profile each time. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";

/** The browser binary; IMAGENOT_CHROMIUM overrides Debian's path. */
export const CHROMIUM_PATH = process.env.IMAGENOT_CHROMIUM ?? "/usr/bin/chromium";

/** No GPU, no sandbox (containers), and none of Chromium's own traffic (updates, sync, field trials). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface HeadlessBrowser {
  context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** Starts Chromium with a fresh user-data-dir in a temp folder. PNG export and the browser tests need a
 * Chromium on this machine (Debian's package `chromium`, or IMAGENOT_CHROMIUM); without one this throws
 * saying so, and nothing is downloaded. */
export async function launchChromium(
  opts: { viewport?: { width: number; height: number }; args?: string[] } = {},
): Promise<HeadlessBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set IMAGENOT_CHROMIUM to a Chromium binary`,
    );
  }
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "imagenot-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
      headless: true,
      ...(opts.viewport ? { viewport: opts.viewport } : {}),
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(
      `could not start ${CHROMIUM_PATH} (set IMAGENOT_CHROMIUM to another Chromium): ${(e as Error).message.split("\n")[0]}`,
      { cause: e },
    );
  }
}
