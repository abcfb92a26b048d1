/**
 * Widget models on the kernel's comms: the Jupyter widget message protocol 2.1 (ipywidgets 8, @jupyter-widgets/base
 * 2.0). A model is its synced state plus `observe`; the wire format is the published spec (comm_open with
 * {state, buffer_paths} and metadata {version}, update / echo_update / request_state / custom, the control comm's
 * request_states / update_states), nothing else.
 */
import { randomUUID } from "node:crypto";
import { JUPYTER_DISPLAY, type Comm, type CommMessage, type MimeBundle } from "../../kernel/api";
import { InputError } from "../../src/errors";
import { kernelApi } from "../bundle";
import { putBuffers, removeBuffers, type BufferPath } from "./buffers";

/** The widget message protocol version this module speaks (comm_open metadata). */
export const PROTOCOL_VERSION = "2.1.0";
/** The comm target of one widget model. */
export const WIDGET_TARGET = "jupyter.widget";
/** The comm target of the control protocol 1.0 (request_states / update_states). */
export const CONTROL_TARGET = "jupyter.widget.control";
/** The display mime of a widget view. */
export const VIEW_MIME = "application/vnd.jupyter.widget-view+json";
/** The notebook metadata mime of saved widget state. */
export const STATE_MIME = "application/vnd.jupyter.widget-state+json";

/** The front-end classes a model is made of: the `_model_*` and `_view_*` keys of its state. */
export interface ModelSpec {
  modelName: string;
  modelModule: string;
  modelModuleVersion: string;
  viewName: string | null;
  viewModule: string;
  viewModuleVersion: string;
}

/** What an observer receives: the property's name, its old and new value, and the model. */
export interface Change<T = unknown> {
  name: string;
  old: T;
  new: T;
  owner: WidgetModel;
}

/** One model's entry in update_states and in saved widget state. */
export interface ModelState {
  model_name: string;
  model_module: string;
  model_module_version: string;
  state: Record<string, unknown>;
}

type Observer = (change: Change) => void;

/** The state key of a property: camelCase here, snake_case on the wire (`readoutFormat`, `readout_format`). */
export function wireName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The property of a state key; a leading underscore (private keys such as `_options_labels`) stays. */
export function propertyName(key: string): string {
  return key.replace(/(?<=[a-z0-9])_([a-z])/g, (_, c: string) => c.toUpperCase());
}

const MODEL_REF = "IPY_MODEL_";
// Properties whose strings "IPY_MODEL_<id>" name other models (ipywidgets' widget_serialization traits).
const REFERENCE_PROPERTIES = new Set(["layout", "style", "children"]);

// Every live model of this process, shared by every copy of this module (a notebook may load it twice).
const REGISTRY_KEY = Symbol.for("imagenot-lab.jupyter-widgets.models");
function registry(): Map<string, WidgetModel> {
  const g = globalThis as Record<symbol, Map<string, WidgetModel> | undefined>;
  return (g[REGISTRY_KEY] ??= new Map());
}

/** A value as it goes on the wire: models become "IPY_MODEL_<id>", binary values stay for removeBuffers. */
function toWire(value: unknown): unknown {
  if (value instanceof WidgetModel) return MODEL_REF + value.modelId;
  if (Array.isArray(value)) return value.map(toWire);
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (value instanceof ArrayBuffer) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
}

function fromWire(value: unknown): unknown {
  if (typeof value === "string" && value.startsWith(MODEL_REF))
    return registry().get(value.slice(MODEL_REF.length)) ?? value;
  return Array.isArray(value) ? value.map(fromWire) : value;
}

function wireJson(value: unknown): string {
  return JSON.stringify(toWire(value)) ?? "undefined";
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && typeof b === "object" && wireJson(a) === wireJson(b));
}

/** The base of every widget: synced state, observers, and the comm that carries both ways. */
export class WidgetModel {
  readonly modelId: string;
  private readonly values: Record<string, unknown>;
  private readonly synced: ReadonlySet<string>;
  private readonly observers: Array<{ names: ReadonlySet<string>; fn: Observer }> = [];
  private readonly customHandlers: Array<(content: unknown, buffers: Uint8Array[]) => void> = [];
  private readonly comm: Comm | undefined;
  // Values the front end just set, as wire JSON: echoing them back as an `update` would be redundant.
  private lock: Record<string, string> = {};
  private open = true;

  /** Opens the model's comm (inside the kernel) with `values` as its initial state; `kernelOnly` are not synced. */
  constructor(
    readonly spec: ModelSpec,
    values: Record<string, unknown>,
    kernelOnly: readonly string[] = [],
  ) {
    this.values = { ...values };
    this.synced = new Set(Object.keys(values).filter((k) => !kernelOnly.includes(k)));
    const api = kernelApi();
    if (api.inKernel()) {
      registerControlTarget();
      const { state, bufferPaths, buffers } = removeBuffers(this.wireState());
      this.comm = api.comms.open(WIDGET_TARGET, { state, buffer_paths: bufferPaths }, buffers, {
        version: PROTOCOL_VERSION,
      });
      this.modelId = this.comm.commId;
      this.comm.onMsg((msg) => this.receive(msg));
      this.comm.onClose(() => this.forget());
    } else {
      // Outside a kernel a model still holds state and notifies observers; nothing goes on a wire.
      this.modelId = randomUUID().replace(/-/g, "");
    }
    registry().set(this.modelId, this);
  }

  /** The current value of property `name`. */
  get(name: string): unknown {
    this.checkName(name);
    return this.values[name];
  }

  /** Sets one property: observers run, and a synced property goes to the front end in an `update`. */
  set(name: string, value: unknown): void {
    this.update({ [name]: value });
  }

  /** Sets several properties at once: one `update` message, then the observers of each change. */
  update(values: Record<string, unknown>): void {
    const changes: Change[] = [];
    for (const [name, value] of Object.entries(values)) {
      this.checkName(name);
      const old = this.values[name];
      if (sameValue(old, value)) continue;
      this.values[name] = value;
      changes.push({ name, old, new: value, owner: this });
    }
    const send = changes
      .map((c) => c.name)
      .filter((n) => this.synced.has(n) && this.lock[n] !== wireJson(this.values[n]));
    if (send.length > 0) this.sendState(send);
    for (const change of changes)
      for (const o of this.observers) if (o.names.has(change.name)) o.fn(change);
  }

  /** Calls `fn` with {name, old, new} whenever one of `names` changes; returns a function that stops it. */
  observe(names: string | readonly string[], fn: (change: Change) => void): () => void {
    const list = typeof names === "string" ? [names] : names;
    list.forEach((n) => this.checkName(n));
    const entry = { names: new Set(list), fn };
    this.observers.push(entry);
    return () => {
      const i = this.observers.indexOf(entry);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /** Sends a `custom` message (with binary buffers) to the front-end model. */
  send(content: unknown, buffers: readonly Uint8Array[] = []): void {
    this.comm?.send({ method: "custom", content }, buffers);
  }

  /** Calls `handler` for every `custom` message from the front end. */
  onCustom(handler: (content: unknown, buffers: Uint8Array[]) => void): void {
    this.customHandlers.push(handler);
  }

  /** Closes the comm: the front end drops the model and its views. */
  close(): void {
    if (!this.open) return;
    this.comm?.close();
    this.forget();
  }

  /** False once closed from either side. */
  get isOpen(): boolean {
    return this.open;
  }

  /** The state on the wire: the model and view keys plus every synced property, or just `names` (binary kept). */
  wireState(names?: readonly string[]): Record<string, unknown> {
    const s = this.spec;
    const state: Record<string, unknown> = names
      ? {}
      : {
          _model_name: s.modelName,
          _model_module: s.modelModule,
          _model_module_version: s.modelModuleVersion,
          _view_name: s.viewName,
          _view_module: s.viewModule,
          _view_module_version: s.viewModuleVersion,
        };
    for (const n of names ?? this.synced) state[wireName(n)] = toWire(this.values[n]);
    return state;
  }

  /** The entry of this model in update_states and saved widget state. */
  modelState(): ModelState {
    return {
      model_name: this.spec.modelName,
      model_module: this.spec.modelModule,
      model_module_version: this.spec.modelModuleVersion,
      state: this.wireState(),
    };
  }

  /** The display bundle of a view of this model, with a text/plain line for front ends without widgets. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const bundle: MimeBundle = { "text/plain": this.toString() };
    if (this.spec.viewName !== null)
      bundle[VIEW_MIME] = { model_id: this.modelId, version_major: 2, version_minor: 0 };
    return bundle;
  }

  /** Shows a view of this model in the current output (as ipywidgets' display(w)). */
  display(): void {
    kernelApi().display.bundle(this[JUPYTER_DISPLAY]());
  }

  toString(): string {
    const shown = ["value", "description"]
      .filter((k) => k in this.values && this.values[k] !== "")
      .map((k) => `${k}=${JSON.stringify(toWire(this.values[k]))}`);
    return `${this.spec.modelName.replace(/Model$/, "")}(${shown.join(", ")})`;
  }

  private checkName(name: string): void {
    if (!(name in this.values))
      throw new InputError(
        `${this.spec.modelName} has no property "${name}"; it has ${Object.keys(this.values).join(", ")}`,
      );
  }

  private sendState(names?: readonly string[]): void {
    if (!this.comm || !this.open) return;
    const { state, bufferPaths, buffers } = removeBuffers(this.wireState(names));
    this.comm.send({ method: "update", state, buffer_paths: bufferPaths }, buffers);
  }

  private receive(msg: CommMessage): void {
    const data = (msg.data ?? {}) as {
      method?: unknown;
      state?: Record<string, unknown>;
      buffer_paths?: BufferPath[];
      content?: unknown;
    };
    switch (data.method) {
      case "update":
        return this.receiveUpdate(data.state ?? {}, data.buffer_paths ?? [], msg.buffers);
      case "request_state":
        return this.sendState();
      case "custom":
        for (const h of this.customHandlers) h(data.content, msg.buffers);
        return;
      default:
        throw new Error(
          `${this.spec.modelName} ${this.modelId}: unknown widget message method ${JSON.stringify(data.method)}`,
        );
    }
  }

  private receiveUpdate(
    state: Record<string, unknown>,
    bufferPaths: readonly BufferPath[],
    buffers: Uint8Array[],
  ): void {
    putBuffers(state, bufferPaths, buffers);
    const known = Object.entries(state).filter(([k]) => this.synced.has(propertyName(k)));
    if (known.length === 0) return;
    // ipywidgets 8 echoes what the front end set, so that other front ends (and this one) agree on the order.
    const echo = removeBuffers(Object.fromEntries(known));
    this.comm?.send(
      { method: "echo_update", state: echo.state, buffer_paths: echo.bufferPaths },
      echo.buffers,
    );
    const values: Record<string, unknown> = {};
    for (const [k, v] of known)
      values[propertyName(k)] = REFERENCE_PROPERTIES.has(k) ? fromWire(v) : v;
    this.lock = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, wireJson(v)]));
    try {
      this.update(values);
    } finally {
      this.lock = {};
    }
  }

  private forget(): void {
    this.open = false;
    registry().delete(this.modelId);
  }
}

/** Every live model's state, as update_states and the notebook's widget-state metadata carry it. */
export function widgetStates(): Record<string, ModelState> {
  const out: Record<string, ModelState> = {};
  for (const [id, model] of registry()) out[id] = model.modelState();
  return out;
}

/** The saved-state document (application/vnd.jupyter.widget-state+json) of every live model. */
export function widgetStateDocument(): {
  version_major: 2;
  version_minor: 0;
  state: Record<string, ModelState>;
} {
  return { version_major: 2, version_minor: 0, state: widgetStates() };
}

const CONTROL_KEY = Symbol.for("imagenot-lab.jupyter-widgets.control");

/** Registers the control comm target once per kernel: a reloaded page asks it for every live model. */
export function registerControlTarget(): void {
  const g = globalThis as Record<symbol, boolean | undefined>;
  const api = kernelApi();
  if (g[CONTROL_KEY] || !api.inKernel()) return;
  g[CONTROL_KEY] = true;
  api.comms.registerTarget(CONTROL_TARGET, (comm) =>
    comm.onMsg((msg) => {
      const method = (msg.data as { method?: unknown } | null)?.method;
      if (method !== "request_states")
        throw new Error(`widget control comm: unknown method ${JSON.stringify(method)}`);
      const { state, bufferPaths, buffers } = removeBuffers(widgetStates());
      comm.send({ method: "update_states", states: state, buffer_paths: bufferPaths }, buffers);
    }),
  );
}
