/** Helpers for kernels that run inside the wasm backend: call its own kernels directly (as tfjs backends do
 * internally, without the engine or the gradient tape), free intermediates, and view tensor memory on the heap. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

export type Info = tf.TensorInfo;
export type Attrs = Record<string, unknown>;

/** Runs the wasm kernel `name` on `inputs`; the caller owns the result and must free it with `free`. */
export function call(
  backend: BackendWasm,
  name: string,
  inputs: Record<string, Info>,
  attrs: Attrs = {},
): Info {
  const config = tf.getKernel(name, "wasm");
  if (!config)
    throw new Error(`wasm kernel ${name} is not registered; the training kernels need it`);
  return config.kernelFunc({
    inputs: inputs as tf.NamedTensorInfoMap,
    backend,
    attrs: attrs as tf.NamedAttrMap,
  }) as Info;
}

/** The backend's own kernels that ours replace, so that ours can hand the cases they do not speed up back. */
export const replacedKernels = new Map<string, tf.KernelFunc>();

/** Runs the backend's own version of a kernel we replaced. */
export function callReplaced(
  backend: BackendWasm,
  name: string,
  inputs: Record<string, Info>,
  attrs: Attrs,
): Info {
  const kernelFunc = replacedKernels.get(name);
  if (!kernelFunc)
    throw new Error(`the wasm backend has no kernel ${name} of its own to fall back to`);
  return kernelFunc({
    inputs: inputs as tf.NamedTensorInfoMap,
    backend,
    attrs: attrs as tf.NamedAttrMap,
  }) as Info;
}

/** Frees intermediate tensors made by `call` or `makeOutput`. */
export function free(backend: BackendWasm, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** A float32 view of a tensor's memory in the wasm heap; take views only after the last allocation, since
 * growing the heap detaches earlier views. */
export function heapView(backend: BackendWasm, info: Info): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** A tensor of `shape` over x's memory from `offset` floats on: no copy, and free it with `freeView`, never
 * `free` (which would free x's memory). The caller keeps x alive while the view is in use. */
export function view(backend: BackendWasm, x: Info, offset: number, shape: number[]): Info {
  const { memoryOffset } = backend.dataIdMap.get(x.dataId);
  return backend.makeOutput(shape, "float32", memoryOffset + 4 * offset);
}

/** Forgets a view made by `view` (and any XNNPACK operator the backend cached on it), leaving the memory. */
export function freeView(backend: BackendWasm, v: Info): void {
  const { id } = backend.dataIdMap.get(v.dataId);
  backend.wasm.tfjs.disposeData(id);
  backend.dataIdMap.delete(v.dataId);
}

/** `x` with a new shape, sharing its memory (the wasm Reshape kernel only bumps a reference count). */
export function reshape(backend: BackendWasm, x: Info, shape: number[]): Info {
  return call(backend, "Reshape", { x }, { shape });
}

/** `x` with its axes permuted. */
export function transpose(backend: BackendWasm, x: Info, perm: number[]): Info {
  return call(backend, "Transpose", { x }, { perm });
}

/** A new float32 tensor of zeros on the wasm heap. */
export function zeros(backend: BackendWasm, shape: number[]): Info {
  const out = backend.makeOutput(shape, "float32");
  heapView(backend, out).fill(0);
  return out;
}
