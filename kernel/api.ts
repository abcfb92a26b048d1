/**
 * The display and comms API that notebooks import as "imagenot-lab/kernel".
 * Inside the imagenot-ts kernel it talks to the kernel through a host object on globalThis (so every copy of this
 * module, however it was resolved, reaches the same kernel); in plain Node, display prints the text/plain part.
 */
import { inspect } from "node:util";
import { BUILTIN_FORMATTERS } from "./values/formatters";

/** A display bundle: mime type -> data. JSON mimes (application/json, *+json) hold objects, the others strings. */
export type MimeBundle = Record<string, unknown>;

/** Options of one display: an id to update it later, and per-mime metadata. */
export interface DisplayOptions {
  displayId?: string;
  metadata?: Record<string, unknown>;
}

/** Binary comm payloads, sent as extra ZMQ frames. */
export type Buffers = ReadonlyArray<Uint8Array | ArrayBuffer>;

/** A comm message as a handler sees it. */
export interface CommMessage {
  data: unknown;
  buffers: Uint8Array[];
}

/** One end of a comm: a two-way channel between kernel code and a front-end widget. */
export interface Comm {
  readonly commId: string;
  readonly targetName: string;
  /** Sends `data` (and binary buffers) to the front end. */
  send(data: unknown, buffers?: Buffers): void;
  /** Closes the comm on both sides. */
  close(data?: unknown): void;
  /** Calls `handler` for every message the front end sends on this comm. */
  onMsg(handler: (msg: CommMessage) => void): void;
  /** Calls `handler` when the front end closes this comm. */
  onClose(handler: (msg: CommMessage) => void): void;
}

/** What the kernel provides to this module; installed on globalThis under KERNEL_HOST. */
export interface KernelHost {
  display(
    bundle: MimeBundle,
    metadata: Record<string, unknown>,
    displayId: string | undefined,
    update: boolean,
  ): void;
  clearOutput(wait: boolean): void;
  openComm(
    targetName: string,
    data: unknown,
    buffers: Buffers | undefined,
    metadata?: Record<string, unknown>,
  ): Comm;
  /** The msg_id of the request whose outputs are being published (a cell, or a comm message). */
  parentMsgId?(): string | undefined;
  registerCommTarget(targetName: string, handler: (comm: Comm, openMsg: CommMessage) => void): void;
  // Optional so that hosts made by tests of display alone need not provide them.
  /** Asks the front end for a line (stdin input_request); throws at once when the request allows no stdin. */
  requestInput?(prompt: string, password: boolean): Promise<string>;
  /** The running cell's signal, aborted when the cell is interrupted. */
  interruptSignal?(): AbortSignal;
}

/** The globalThis key of the running kernel's host. */
export const KERNEL_HOST = Symbol.for("imagenot-lab.kernel.host");

/** Deno's convention: a value with this method shows as the bundle it returns. */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

function host(): KernelHost | undefined {
  return (globalThis as Record<symbol, KernelHost | undefined>)[KERNEL_HOST];
}

/** True when this code runs inside the imagenot-ts kernel. */
export function inKernel(): boolean {
  return host() !== undefined;
}

/** Whether `mime` carries JSON as an object rather than text. */
export function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

/** Normalises a bundle for the wire: JSON mimes stay objects, bytes become base64, everything else a string. */
export function normalizeBundle(bundle: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(bundle)) {
    if (value === undefined) continue;
    if (isJsonMime(mime)) out[mime] = typeof value === "string" ? JSON.parse(value) : value;
    else if (value instanceof Uint8Array)
      out[mime] = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
    else out[mime] = typeof value === "string" ? value : String(value);
  }
  return out;
}

/** The text/plain form of a value, as Node's util.inspect without colours. */
export function plainText(value: unknown): string {
  return typeof value === "string" ? inspect(value) : inspect(value, { colors: false, depth: 4 });
}

let autoDisplayId = 0;

function show(bundle: MimeBundle, opts: DisplayOptions = {}, update = false): string | undefined {
  const h = host();
  const data = normalizeBundle(bundle);
  if (!h) {
    // Outside a kernel there is no front end: the plain-text part is the only thing a terminal can show.
    const text = data["text/plain"];
    process.stdout.write(
      `${typeof text === "string" ? text : `<${Object.keys(data).join(", ")}>`}\n`,
    );
    return opts.displayId;
  }
  h.display(data, opts.metadata ?? {}, opts.displayId, update);
  return opts.displayId;
}

/** A handle on one display output, to replace its content later. */
export interface DisplayHandle {
  readonly displayId: string;
  update(bundle: MimeBundle): void;
}

/** Tells whether a formatter applies to a value. */
export type FormatterTest = (value: unknown) => boolean;
/** Turns a value its test accepted into a display bundle (text/plain is added when missing). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test has already checked the value's shape
export type ToBundle = (value: any) => MimeBundle | Promise<MimeBundle>;

/** One entry of the formatter table. */
export interface Formatter {
  test: FormatterTest;
  toBundle: ToBundle;
}

/** The globalThis key of the formatter table, shared by every copy of this module. */
const FORMATTERS = Symbol.for("imagenot-lab.kernel.formatters");

function formatters(): Formatter[] {
  const g = globalThis as Record<symbol, Formatter[] | undefined>;
  return (g[FORMATTERS] ??= [...BUILTIN_FORMATTERS]);
}

/**
 * Shows values that pass `test` as `toBundle(value)`, as a cell's last value and through `display(value)`.
 * The newest registration is tried first, so a notebook can override a built-in; returns an unregister function.
 */
export function registerFormatter(test: FormatterTest, toBundle: ToBundle): () => void {
  const entry = { test, toBundle };
  formatters().unshift(entry);
  return () => {
    const table = formatters();
    const at = table.indexOf(entry);
    if (at >= 0) table.splice(at, 1);
  };
}

function withPlainText(bundle: MimeBundle, value: unknown): MimeBundle {
  const data = normalizeBundle(bundle);
  return data["text/plain"] === undefined ? { ...data, "text/plain": plainText(value) } : data;
}

function failedFormatter(e: unknown, value: unknown): MimeBundle {
  // A broken formatter must not hide the value: show it as text and say why the rich form is missing.
  const reason = e instanceof Error ? e.message : String(e);
  return { "text/plain": `${plainText(value)}\n(formatter failed: ${reason})` };
}

/**
 * The bundle a value shows as: its Jupyter.display bundle, else the first formatter that accepts it, else
 * util.inspect text. Synchronous unless the chosen formatter is asynchronous (images are encoded off-thread).
 */
export function valueBundle(value: unknown): MimeBundle | Promise<MimeBundle> {
  const custom =
    value !== null && (typeof value === "object" || typeof value === "function")
      ? (value as Record<symbol, unknown>)[JUPYTER_DISPLAY]
      : undefined;
  const make =
    typeof custom === "function"
      ? () => custom.call(value) as MimeBundle | Promise<MimeBundle>
      : formatters()
          .find((f) => {
            try {
              return f.test(value);
            } catch {
              return false;
            }
          })
          ?.toBundle.bind(undefined, value);
  if (!make) return { "text/plain": plainText(value) };
  try {
    const bundle = make();
    return bundle instanceof Promise
      ? bundle.then(
          (b) => withPlainText(b, value),
          (e) => failedFormatter(e, value),
        )
      : withPlainText(bundle, value);
  } catch (e) {
    return failedFormatter(e, value);
  }
}

/** Shows any value as the formatters render it (a tensor as a table, a figure as a plot, ...). Resolves once
 * published: at once unless the value's formatter is asynchronous. */
function displayValue(value: unknown, opts?: DisplayOptions): Promise<void> {
  const bundle = valueBundle(value);
  if (bundle instanceof Promise) return bundle.then((b) => void show(b, opts));
  show(bundle, opts);
  return Promise.resolve();
}

/**
 * Shows rich outputs in the notebook: `display(value)` renders any value through the formatters; each method
 * publishes one display_data message of a given kind.
 */
export const display = Object.assign(displayValue, {
  /** Shows a multi-mime bundle; with `displayId` it can be replaced later by `display.update`. */
  bundle(bundle: MimeBundle, opts: DisplayOptions = {}): void {
    show(bundle, opts);
  },
  /** Replaces the content of every output shown with `displayId` (update_display_data). */
  update(displayId: string, bundle: MimeBundle, metadata: Record<string, unknown> = {}): void {
    show(bundle, { displayId, metadata }, true);
  },
  /** Shows `bundle` under a fresh display id and returns a handle to update it. */
  handle(bundle: MimeBundle, opts: Omit<DisplayOptions, "displayId"> = {}): DisplayHandle {
    const displayId = `imagenot-${process.pid}-${++autoDisplayId}`;
    show(bundle, { ...opts, displayId });
    return { displayId, update: (next) => show(next, { displayId }, true) };
  },
  html(html: string, opts?: DisplayOptions): void {
    show({ "text/html": html, "text/plain": "<HTML>" }, opts);
  },
  markdown(markdown: string, opts?: DisplayOptions): void {
    show({ "text/markdown": markdown, "text/plain": markdown }, opts);
  },
  svg(svg: string, opts?: DisplayOptions): void {
    show({ "image/svg+xml": svg, "text/plain": "<SVG>" }, opts);
  },
  /** PNG bytes, or a base64 string. */
  png(png: Uint8Array | string, opts?: DisplayOptions): void {
    show({ "image/png": png, "text/plain": "<PNG image>" }, opts);
  },
  /** JPEG bytes, or a base64 string. */
  jpeg(jpeg: Uint8Array | string, opts?: DisplayOptions): void {
    show({ "image/jpeg": jpeg, "text/plain": "<JPEG image>" }, opts);
  },
  json(value: unknown, opts?: DisplayOptions): void {
    show({ "application/json": value, "text/plain": plainText(value) }, opts);
  },
  text(text: string, opts?: DisplayOptions): void {
    show({ "text/plain": text }, opts);
  },
});

/** Clears the current cell's outputs; with `wait`, only when the next output arrives (no flicker). */
export function clearOutput(wait = false): void {
  host()?.clearOutput(wait);
}

function requireHost(what: string, need: keyof KernelHost): Required<KernelHost> {
  const h = host();
  if (!h?.[need])
    throw new Error(
      `${what} needs the imagenot-ts Jupyter kernel: comms, input and interrupts exist only between a kernel and a front end`,
    );
  return h as Required<KernelHost>;
}

/**
 * Asks the person at the notebook for a line of text (Jupyter's stdin input_request) and resolves to their answer.
 * Throws at once when the front end takes no input (run-notebook and nbclient send allow_stdin: false).
 */
export function input(prompt = ""): Promise<string> {
  return requireHost(`input(${JSON.stringify(prompt)})`, "requestInput").requestInput(
    prompt,
    false,
  );
}

/** As `input`, with the answer hidden while it is typed. */
export function password(prompt = ""): Promise<string> {
  return requireHost(`password(${JSON.stringify(prompt)})`, "requestInput").requestInput(
    prompt,
    true,
  );
}

/**
 * The running cell's interrupt signal: aborted when the person interrupts the cell. Awaited work that loops in
 * steps (training) can check it, `signal.throwIfAborted()`, to stop between steps instead of running on.
 */
export function interruptSignal(): AbortSignal {
  return requireHost("interruptSignal()", "interruptSignal").interruptSignal();
}

/** Comms: two-way channels with front-end widgets. */
export const comms = {
  /** Calls `handler` whenever the front end opens a comm with `targetName`. */
  registerTarget(targetName: string, handler: (comm: Comm, openMsg: CommMessage) => void): void {
    requireHost(`comms.registerTarget("${targetName}")`, "registerCommTarget").registerCommTarget(
      targetName,
      handler,
    );
  },
  /** Opens a comm to the front end's target `targetName` with initial `data` (and comm_open `metadata`). */
  open(
    targetName: string,
    data: unknown = {},
    buffers?: Buffers,
    metadata?: Record<string, unknown>,
  ): Comm {
    return requireHost(`comms.open("${targetName}")`, "openComm").openComm(
      targetName,
      data,
      buffers,
      metadata,
    );
  },
};

/** The msg_id of the request now running in the kernel (outputs carry it as their parent), if any. */
export function parentMsgId(): string | undefined {
  return host()?.parentMsgId?.();
}
