/**
 * Binary buffers in widget state (protocol 2): binary values travel as extra message frames, and `buffer_paths`
 * say where each one sits in the state (a key path; in a list the slot stays as null, in an object the key goes).
 */

/** A path into a state object: object keys and list indices. */
export type BufferPath = Array<string | number>;

/** True for the values that travel as buffers. */
export function isBinary(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** Splits `state` into JSON with the binary values taken out, their paths, and the buffers themselves. */
export function removeBuffers(state: Record<string, unknown>): {
  state: Record<string, unknown>;
  bufferPaths: BufferPath[];
  buffers: Uint8Array[];
} {
  const bufferPaths: BufferPath[] = [];
  const buffers: Uint8Array[] = [];
  const walk = (value: unknown, path: BufferPath): unknown => {
    if (Array.isArray(value))
      return value.map((v, i) => {
        if (!isBinary(v)) return walk(v, [...path, i]);
        bufferPaths.push([...path, i]);
        buffers.push(bytesOf(v));
        return null;
      });
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isBinary(v)) {
        bufferPaths.push([...path, k]);
        buffers.push(bytesOf(v));
      } else out[k] = walk(v, [...path, k]);
    }
    return out;
  };
  return { state: walk(state, []) as Record<string, unknown>, bufferPaths, buffers };
}

/** Puts `buffers` back into `state` at `bufferPaths` (in place: the state came fresh off the wire). */
export function putBuffers(
  state: Record<string, unknown>,
  bufferPaths: readonly BufferPath[],
  buffers: readonly Uint8Array[],
): void {
  bufferPaths.forEach((path, i) => {
    let target = state as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    target[path[path.length - 1]] = buffers[i];
  });
}
