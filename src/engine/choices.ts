/** The backend choices and what a chosen backend reports, without loading TensorFlow.js: commands parse
 * `--backend` against these and run records store a BackendInfo. */
import { InputError } from "../errors";

/** "auto" picks tensorflow (tfjs-node-gpu, else tfjs-node), else wasm, else cpu. */
export const BACKEND_CHOICES = ["auto", "tensorflow", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface BackendInfo {
  /** The tfjs backend now active: "tensorflow", "wasm" or "cpu". */
  name: string;
  /** Why this backend, in words (e.g. "auto: tfjs-node not installed; wasm with SIMD on 2 threads"). */
  reason: string;
  /** Threads the backend computes with. */
  threads: number;
  /** Versions of tfjs, the backend package and node. */
  versions: Record<string, string>;
}

/** `raw` as a BackendChoice; anything else is refused naming the choices. */
export function parseBackendChoice(raw: string, what = "backend"): BackendChoice {
  if (!(BACKEND_CHOICES as readonly string[]).includes(raw)) {
    throw new InputError(`${what} must be one of ${BACKEND_CHOICES.join(", ")}, got "${raw}"`);
  }
  return raw as BackendChoice;
}
