/** The imagenot-ts kernelspec: kernel.json and logos, written where Jupyter looks for kernels. No Python involved. */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeJsonAtomic } from "../src/util/atomic";
import { PACKAGE_ROOT } from "./executor/package-resolution";

export const KERNEL_NAME = "imagenot-ts";
export const DISPLAY_NAME = "TypeScript (imagenot-lab)";

/** The kernel.json content: node runs the entry script, which registers tsx and serves the connection file. */
export function kernelJson(): Record<string, unknown> {
  return {
    argv: [process.execPath, join(PACKAGE_ROOT, "kernel", "entry.cjs"), "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    // Interrupts as control messages: the kernel's control thread can also stop awaited loops that never yield.
    interrupt_mode: "message",
    metadata: { debugger: false },
  };
}

/** The user's Jupyter data folder, as jupyter_core computes it (JUPYTER_DATA_DIR, then the platform default). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (process.platform === "win32")
    return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "jupyter");
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter");
}

/** The folder the kernelspec goes to: under `prefix`/share/jupyter when given, else the user's data folder. */
export function kernelspecDir(prefix?: string): string {
  const base = prefix ? join(prefix, "share", "jupyter") : userDataDir();
  return join(base, "kernels", KERNEL_NAME);
}

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="8" fill="#3178c6"/>
<text x="32" y="44" font-family="DejaVu Sans, Arial, sans-serif" font-size="28" font-weight="bold" fill="#fff" text-anchor="middle">TS</text>
</svg>
`;

// Classic Notebook loads kernel.js when the kernel starts, so plotly.js is in every page, a reloaded one too, before
// any figure. Other front ends fetch the same plotly.js from this folder (the figures' loader) or draw natively.
const KERNEL_JS = `define(["module"], function (module) {
  return {
    onload: function () {
      if (window.Plotly || window.imagenotPlotly) { return; }
      var src = module.uri.replace(/[^/]*$/, "plotly.js");
      window.imagenotPlotly = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () {
          window.imagenotPlotly = undefined;
          reject(new Error("could not load " + src + " from the imagenot-ts kernelspec"));
        };
        document.head.appendChild(s);
      });
    },
  };
});
`;

/** Writes kernel.json, kernel.js with plotly.js, and the logos into `dir`; returns the files written. */
export async function writeKernelspec(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, "kernel.json"), join(dir, "logo-svg.svg")];
  writeJsonAtomic(files[0], kernelJson());
  writeFileSync(files[1], LOGO_SVG);
  files.push(join(dir, "kernel.js"), join(dir, "plotly.js"));
  writeFileSync(files[2], KERNEL_JS);
  copyFileSync(require.resolve("plotly.js-dist/plotly.js"), files[3]);
  const sharp = (await import("sharp")).default;
  for (const size of [32, 64]) {
    const file = join(dir, `logo-${size}x${size}.png`);
    await sharp(Buffer.from(LOGO_SVG)).resize(size, size).png().toFile(file);
    files.push(file);
  }
  return files;
}
