/** The two methods of the wasm filter gradient (src/engine/wasm-ops/filter-gradient.ts) against each other
 * on shapes from the benchmark net and the workshop architectures, alternating in one process on the same
 * threads: `npm run bench -- filter-gradient [--json] [--rounds 7]`. Prints each method's median time, the
 * ratio convolution / taps (above 1: taps faster), and the method the rule picks, so the rule can be checked
 * (or refit) on any machine. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { intOption, parseArgs } from "../app/args";
import { selectBackend } from "../src/engine/backend";
import {
  asConvolution,
  byTaps,
  filterGradientMethod,
} from "../src/engine/wasm-ops/filter-gradient";
import { free } from "../src/engine/wasm-ops/wasm-call";
import { machineLoad, median } from "./lib/stats";

/** x shape, output channels, kernel size, stride ('same' padding). */
const SHAPES: [[number, number, number, number], number, number, number][] = [
  [[64, 32, 32, 3], 32, 3, 1],
  [[64, 32, 32, 32], 32, 3, 1],
  [[64, 16, 16, 32], 64, 3, 1],
  [[64, 16, 16, 64], 64, 3, 2],
  [[16, 28, 28, 1], 32, 3, 1],
  [[16, 28, 28, 1], 64, 7, 2],
  [[16, 14, 14, 32], 64, 3, 1],
  [[16, 7, 7, 64], 128, 3, 1],
  [[16, 14, 14, 64], 16, 1, 1],
  [[16, 4, 4, 256], 256, 3, 1],
  [[32, 28, 28, 16], 16, 3, 1],
  [[32, 14, 14, 48], 48, 5, 1],
  [[16, 56, 56, 64], 64, 3, 1],
];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    json: { kind: "flag" },
    rounds: { kind: "value" },
  });
  const rounds = intOption(args, "rounds", 7, 1, 50);
  const info = await selectBackend({ backend: "wasm" });
  const backend = tf.backend() as BackendWasm;
  const results = [];
  for (const [xShape, o, k, s] of SHAPES) {
    const conv = tf.backend_util.computeConv2DInfo(xShape, [k, k, xShape[3], o], s, 1, "same");
    const x = tf.randomUniform(xShape);
    const dy = tf.randomUniform(conv.outShape);
    const time = (method: typeof byTaps) => {
      const start = performance.now();
      free(backend, method(backend, x, dy, conv));
      return performance.now() - start;
    };
    const taps: number[] = [];
    const convolution: number[] = [];
    time(byTaps); // warm-up: heap growth and first-call setup
    time(asConvolution);
    for (let r = 0; r < rounds; r++) {
      taps.push(time(byTaps));
      convolution.push(time(asConvolution));
    }
    tf.dispose([x, dy]);
    results.push({
      shape: `${xShape.join("x")} -> ${o}, ${k}x${k} stride ${s}`,
      taps_ms: median(taps),
      convolution_ms: median(convolution),
      ratio: median(convolution) / median(taps),
      picked: filterGradientMethod(conv),
    });
  }
  const load = machineLoad();
  if (args.flags.has("json")) {
    process.stdout.write(
      `${JSON.stringify({ shapes: results, threads: info.threads, rounds, load_avg_1m: load.loadAvg1m })}\n`,
    );
    return;
  }
  process.stdout.write(
    `filter gradient on wasm (${info.threads} threads), median of ${rounds} alternations; ratio = convolution / taps\n`,
  );
  for (const r of results) {
    const best = r.ratio >= 1 ? "taps" : "convolution";
    const mark = best === r.picked ? "" : "   (rule picks the slower)";
    process.stdout.write(
      `  ${r.shape.padEnd(34)} taps ${r.taps_ms.toFixed(2).padStart(7)} ms  convolution ${r.convolution_ms.toFixed(2).padStart(7)} ms  ratio ${r.ratio.toFixed(2)}  picked ${r.picked}${mark}\n`,
    );
  }
  process.stdout.write(`  ${load.note}\n`);
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`bench filter-gradient: ${e.message}\n`);
    process.exit(2);
  },
);
