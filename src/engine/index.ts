/** The training engine: backend choice (TensorFlow, wasm on every core with our training ops, or cpu). */
export { BACKEND_CHOICES, type BackendChoice, type BackendInfo } from "./choices";
export { selectBackend, type SelectOptions } from "./backend";
export { XnnpackError } from "./wasm-ops/xnn-status";
