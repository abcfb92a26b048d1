/** XNNPACK failures made into errors. tfjs-backend-wasm's C++ checks each XNNPACK status but on failure only
 * prints "XNN status for xnn_setup_... is not successful. Got status N" and goes on, so the kernel returns
 * memory nobody wrote. We load the wasm module with print hooks that catch those lines, and every wasm
 * kernel is wrapped to throw, naming the kernel and its shapes, when one arrived while it ran. */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

const XNN_FAILURE = /^XNN status for (\S+) is not successful\. Got status (\d+)/;

/** Failure lines printed by the module and not yet reported. */
const pending: string[] = [];

/** A print hook for the Emscripten module: XNNPACK failure lines are kept for the running kernel, every
 * other line goes to `stream` as before. */
export function wasmPrintHook(stream: NodeJS.WriteStream): (line: string) => void {
  return (line) => {
    if (XNN_FAILURE.test(line)) pending.push(line);
    else stream.write(`${line}\n`);
  };
}

/** A kernel whose XNNPACK call failed; its message names the kernel (and the kernels that called it), the
 * XNNPACK function, the status and the shapes. */
export class XnnpackError extends Error {}

const inner = new WeakMap<tf.KernelFunc, tf.KernelFunc>();

/** The kernel function a guard wraps (itself if it is not a guard). */
export function unguarded(kernelFunc: tf.KernelFunc): tf.KernelFunc {
  return inner.get(kernelFunc) ?? kernelFunc;
}

function describe(name: string, args: Parameters<tf.KernelFunc>[0]): string {
  const shapes = Object.entries(args.inputs)
    .map(([k, t]) => `${k} [${t?.shape.join(",")}]`)
    .join(", ");
  return `${name} on wasm (${shapes}; attrs ${JSON.stringify(args.attrs ?? {})})`;
}

/** `config` with its kernel throwing an XnnpackError, instead of returning an unwritten result, when XNNPACK
 * reported a failure while it ran; the result is freed first. */
export function guardKernel(config: tf.KernelConfig): tf.KernelConfig {
  if (inner.has(config.kernelFunc)) return config;
  const run = config.kernelFunc;
  const kernelFunc: tf.KernelFunc = (args) => {
    // Lines already pending belong to whoever ran before (a caller's own unguarded step), not to this kernel.
    const mark = pending.length;
    let out: ReturnType<tf.KernelFunc>;
    try {
      out = run(args);
    } catch (e) {
      if (e instanceof XnnpackError)
        throw new XnnpackError(`${describe(config.kernelName, args)} -> ${e.message}`);
      throw e;
    }
    if (pending.length === mark) return out;
    const failures = pending.splice(mark).map((line) => {
      const [, fn, status] = XNN_FAILURE.exec(line)!;
      return `${fn} returned status ${status}`;
    });
    const backend = args.backend as BackendWasm;
    for (const info of Array.isArray(out) ? out : [out]) backend.disposeData(info.dataId);
    throw new XnnpackError(
      `${describe(config.kernelName, args)}: XNNPACK failed (${failures.join("; ")}); ` +
        "its result would be unwritten memory",
    );
  };
  inner.set(kernelFunc, run);
  return { ...config, kernelFunc };
}
