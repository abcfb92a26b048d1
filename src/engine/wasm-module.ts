/** Loads the tfjs wasm backend's Emscripten module ourselves, for two reasons:
 * - the multi-threaded SIMD build, which tfjs itself only enables in browsers (tfjs issue 3830), runs its
 *   pthreads on Node worker_threads, so XNNPACK's convolutions and matrix products use every core;
 * - with our print hooks, a failed XNNPACK call becomes an error (xnn-status.ts) in either build.
 * Nothing is fetched: the .wasm files ship in the npm package. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as wasmBackend from "@tensorflow/tfjs-backend-wasm";
import { wasmPrintHook } from "./wasm-ops/xnn-status";

/** The folder holding the Emscripten outputs (.js loader, .wasm binaries, worker source) of the installed package. */
export function wasmOutFolder(): string {
  return path.join(
    path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")),
    "wasm-out",
  );
}

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...args: number[]) => number;
  PThread?: { runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[] };
  tfjs?: Record<string, unknown>;
}

type Factory = (config: {
  locateFile(p: string, prefix: string): string;
  mainScriptUrlOrBlob?: string;
  print(line: string): void;
  printErr(line: string): void;
}) => Promise<EmscriptenModule>;

/** The pthread worker script, written once to the temp folder: Emscripten starts each pthread from a file. */
function workerScript(): string {
  const { wasmWorkerContents } = require(
    path.join(wasmOutFolder(), "tfjs-backend-wasm-threaded-simd.worker.js"),
  ) as { wasmWorkerContents: string };
  // The package keeps the script as a template string whose "\n" escapes became newlines; tfjs re-escapes them too.
  const text = wasmWorkerContents.replace(/\n/g, "\\n");
  const file = path.join(os.tmpdir(), `imagenot-tfjs-wasm-${wasmBackend.version_wasm}-worker.js`);
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  return file;
}

/** Instantiates the wasm module with `threads` XNNPACK threads (the threaded SIMD build for more than one,
 * the single-threaded SIMD build for one) and registers it as the "wasm" backend, so that kernels registered
 * for "wasm", ours included, run on it. Returns the thread count it really uses. */
export async function registerWasm(threads: number): Promise<number> {
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`threads must be a whole number >= 1, got ${threads}`);
  const folder = wasmOutFolder();
  const build = threads > 1 ? "tfjs-backend-wasm-threaded-simd" : "tfjs-backend-wasm-simd";
  // The single-threaded loader (tfjs-backend-wasm.js) loads the plain and the SIMD binary alike.
  const script = path.join(folder, threads > 1 ? `${build}.js` : "tfjs-backend-wasm.js");
  const factory = require(script) as Factory;
  // The C++ side caps its pool at half the logical cores (it assumes hyper-threading), read once while the
  // module starts; report twice the wanted count for that moment so the pool can have `threads` threads.
  // Patch the module object itself (Emscripten calls require("os")), not our import's read-only namespace.
  const osModule = require("node:os") as { cpus: typeof os.cpus };
  const cpus = osModule.cpus;
  osModule.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus()[i % cpus().length]);
  // Emscripten adds process handlers that rethrow every uncaught error from inside its minified source
  // (printing a 100 kB line); we drop the ones it adds.
  const events = ["uncaughtException", "unhandledRejection"] as const;
  const listeners = (event: (typeof events)[number]) =>
    process.listeners(event as "uncaughtException") as ((...args: unknown[]) => void)[];
  const before = events.map(listeners);
  // Each of Emscripten's 8 pooled workers pipes its stdout and stderr into ours, adding listeners there.
  if (threads > 1)
    for (const stream of [process.stdout, process.stderr])
      stream.setMaxListeners(stream.getMaxListeners() + 16);
  let module: EmscriptenModule;
  try {
    module = await factory({
      locateFile: (p, prefix) =>
        p.endsWith(".worker.js")
          ? workerScript()
          : p.endsWith(".wasm")
            ? path.join(folder, `${build}.wasm`)
            : prefix + p,
      ...(threads > 1 ? { mainScriptUrlOrBlob: script } : {}),
      print: wasmPrintHook(process.stdout),
      printErr: wasmPrintHook(process.stderr),
    });
  } finally {
    osModule.cpus = cpus;
    events.forEach((event, i) => {
      for (const listener of listeners(event))
        if (!before[i].includes(listener)) process.removeListener(event, listener);
    });
  }
  // The same C entry points tfjs's own init() wraps.
  module.tfjs = {
    init: module.cwrap("init", null, []),
    initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: module.cwrap("get_threads_count", "number", []),
    registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: module.cwrap("dispose_data", null, ["number"]),
    dispose: module.cwrap("dispose", null, []),
  };
  wasmBackend.setThreadsCount(threads);
  const backend = new wasmBackend.BackendWasm(
    module as unknown as ConstructorParameters<typeof wasmBackend.BackendWasm>[0],
  );
  // Idle pthreads must not keep the Node process alive.
  const pool = module.PThread ?? { runningWorkers: [], unusedWorkers: [] };
  for (const w of [...pool.runningWorkers, ...pool.unusedWorkers]) w.unref();
  tf.removeBackend("wasm");
  tf.registerBackend("wasm", () => backend, 2);
  return wasmBackend.getThreadsCount();
}
