/** Versions recorded next to every result: Node, this package, and the libraries that compute. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

function packageVersion(name: string): string | null {
  try {
    const dir = name === "imagenot-lab" ? join(__dirname, "..", "..") : join(require.resolve(`${name}/package.json`), "..");
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Node, imagenot-lab, TensorFlow.js, plotly.js and danfojs versions as found on this machine. */
export function softwareVersions(): Record<string, string | null> {
  return {
    node: process.versions.node,
    "imagenot-lab": packageVersion("imagenot-lab"),
    "@tensorflow/tfjs": packageVersion("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
    "plotly.js-dist": packageVersion("plotly.js-dist"),
    "danfojs-node": packageVersion("danfojs-node"),
  };
}
