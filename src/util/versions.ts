/** Versions recorded next to every result: Node, this package, and the libraries that compute. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** This package's root folder (the one holding package.json). */
export const PACKAGE_ROOT = join(__dirname, "..", "..");

/** The version of imagenot-lab (default) or of an installed package; null when `name` is not installed. */
export function packageVersion(name = "imagenot-lab"): string | null {
  try {
    const dir =
      name === "imagenot-lab" ? PACKAGE_ROOT : join(require.resolve(`${name}/package.json`), "..");
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string })
      .version;
  } catch {
    return null;
  }
}

/** Node, imagenot-lab, TensorFlow.js, plotly.js and danfojs versions as found on this machine. */
export function softwareVersions(): Record<string, string | null> {
  return {
    node: process.versions.node,
    "imagenot-lab": packageVersion(),
    "@tensorflow/tfjs": packageVersion("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
    "plotly.js-dist": packageVersion("plotly.js-dist"),
    "danfojs-node": packageVersion("danfojs-node"),
  };
}
