/** The training engine: backend choice (TensorFlow, wasm on every core with our training kernels, or cpu). */
export { BACKEND_CHOICES, selectBackend, type BackendChoice, type BackendInfo, type SelectOptions } from "./backend";
export { WASM_TRAINING_KERNELS } from "./kernels";
