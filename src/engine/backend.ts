/** Chooses the TensorFlow.js backend that trains fastest on this machine and says which and why:
 * TensorFlow (tfjs-node-gpu where CUDA works, else tfjs-node) where installed, else wasm with our training
 * kernels on every core, else the pure-JS cpu backend. IMAGENOT_BACKEND or the option picks one explicitly. */
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";
import * as wasmBackend from "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "./wasm-ops";
import { registerWasm } from "./wasm-module";
import { parseBackendChoice, type BackendChoice, type BackendInfo } from "./choices";

/** tfjs's cpu backend prints a banner urging tfjs-node on its first use in Node; this project chooses its
 * backend itself and says which in its own output, so the banner is switched off (only that warning). */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend("cpu") as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
}
silenceCpuBanner();

export interface SelectOptions {
  /** Overrides IMAGENOT_BACKEND; default "auto". */
  backend?: BackendChoice;
  /** Threads for wasm (default IMAGENOT_THREADS or the machine's available parallelism). */
  threads?: number;
}

/** Selects and activates the backend; "tensorflow" or "wasm" chosen explicitly and unavailable throws. */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendInfo> {
  const choice = parseBackendChoice(
    options.backend ?? process.env.IMAGENOT_BACKEND ?? "auto",
    options.backend ? "backend" : "IMAGENOT_BACKEND",
  );
  const how = options.backend
    ? "chosen by option"
    : process.env.IMAGENOT_BACKEND
      ? "chosen by IMAGENOT_BACKEND"
      : "auto";
  const versions: Record<string, string> = {
    tfjs: tf.version.tfjs,
    "tfjs-core": tf.version["tfjs-core"],
    node: process.versions.node,
  };
  let tfMissing = "";
  if (choice === "auto" || choice === "tensorflow") {
    const native = await tryTensorflow();
    if (native.ok) {
      versions[native.pkg] = native.version;
      return {
        name: "tensorflow",
        reason: `${how}: ${native.detail}`,
        threads: os.availableParallelism(),
        versions,
      };
    }
    if (choice === "tensorflow")
      throw new Error(`backend "tensorflow" is not available: ${native.detail}`);
    tfMissing = `${native.detail}; `;
  }
  if (choice === "auto" || choice === "wasm") {
    try {
      const wasm = await activateWasm(options.threads ?? threadsFromEnv());
      versions["tfjs-backend-wasm"] = wasmBackend.version_wasm;
      const kind =
        wasm.threads > 1
          ? `threaded SIMD build on ${wasm.threads} threads`
          : `SIMD build, 1 thread${wasm.note}`;
      return {
        name: "wasm",
        reason: `${how}: ${tfMissing}wasm (${kind}) with our training kernels`,
        threads: wasm.threads,
        versions,
      };
    } catch (e) {
      if (choice === "wasm")
        throw new Error(`backend "wasm" failed to start: ${(e as Error).message}`, { cause: e });
      tfMissing += `wasm failed (${(e as Error).message}); `;
    }
  }
  await tf.setBackend("cpu");
  versions["tfjs-backend-cpu"] = tf.version["tfjs-backend-cpu"];
  return { name: "cpu", reason: `${how}: ${tfMissing}pure-JS cpu backend`, threads: 1, versions };
}

function threadsFromEnv(): number {
  const raw = process.env.IMAGENOT_THREADS;
  if (raw === undefined) return Math.min(os.availableParallelism(), 8);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`IMAGENOT_THREADS must be a whole number >= 1, got "${raw}"`);
  return n;
}

type NativeResult =
  { ok: true; pkg: string; version: string; detail: string } | { ok: false; detail: string };

/** The GPU branch: tfjs-node-gpu loads only where its CUDA libraries load, so importing it is the CUDA test;
 * both packages register the "tensorflow" backend in the tfjs-core we share. */
async function tryTensorflow(): Promise<NativeResult> {
  const failures: string[] = [];
  for (const [pkg, what] of [
    ["@tensorflow/tfjs-node-gpu", "TensorFlow with CUDA"],
    ["@tensorflow/tfjs-node", "TensorFlow on the CPU"],
  ] as const) {
    const loaded = importNative(pkg);
    if (!loaded.ok) {
      failures.push(loaded.detail);
      continue;
    }
    if (await tf.setBackend("tensorflow"))
      return {
        ok: true,
        pkg,
        version: loaded.version,
        detail: `${pkg} ${loaded.version} (${what})`,
      };
    failures.push(`${pkg} loaded but its "tensorflow" backend did not start`);
  }
  return { ok: false, detail: failures.join(", ") };
}

/** Requires a native tfjs package, telling "not installed" from "installed but failed to load". */
export function importNative(
  pkg: string,
): { ok: true; version: string } | { ok: false; detail: string } {
  try {
    require.resolve(pkg);
  } catch {
    return { ok: false, detail: `${pkg.replace("@tensorflow/", "")} not installed` };
  }
  try {
    const mod = require(pkg) as { version?: Record<string, string> };
    return { ok: true, version: mod.version?.["tfjs-node"] ?? "unknown" };
  } catch (e) {
    return {
      ok: false,
      detail: `${pkg.replace("@tensorflow/", "")} failed to load (${(e as Error).message.split("\n")[0]})`,
    };
  }
}

let wasmStarted: Promise<{ threads: number; note: string }> | undefined;

/** Starts wasm once per process, loaded by us (wasm-module.ts): the threaded build where more than one thread
 * is wanted and Node offers SharedArrayBuffer, else (or if that fails, saying so) the single-threaded one. */
async function activateWasm(threads: number): Promise<{ threads: number; note: string }> {
  wasmStarted ??= (async () => {
    registerWasmTrainingKernels();
    let note = "";
    if (threads > 1 && typeof SharedArrayBuffer === "function") {
      try {
        return { threads: await registerWasm(threads), note };
      } catch (e) {
        note = ` (the threaded build failed: ${(e as Error).message})`;
      }
    }
    return { threads: await registerWasm(1), note };
  })();
  const started = await wasmStarted;
  if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
  return started;
}
