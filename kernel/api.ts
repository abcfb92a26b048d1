/**
 * The display and comms API that notebooks import as "imagenot-lab/kernel".
 * Inside the imagenot-ts kernel it talks to the kernel through a host object on globalThis (so every copy of this
 * module, however it was resolved, reaches the same kernel); in plain Node, display prints the text/plain part.
 */
import { inspect } from "node:util";

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

/** Shows rich outputs in the notebook. Each function publishes one display_data message. */
export const display = {
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
};

/** Clears the current cell's outputs; with `wait`, only when the next output arrives (no flicker). */
export function clearOutput(wait = false): void {
  host()?.clearOutput(wait);
}

function requireHost(what: string): KernelHost {
  const h = host();
  if (!h)
    throw new Error(
      `${what} needs the imagenot-ts Jupyter kernel: comms exist only between a kernel and a front end`,
    );
  return h;
}

/** Comms: two-way channels with front-end widgets. */
export const comms = {
  /** Calls `handler` whenever the front end opens a comm with `targetName`. */
  registerTarget(targetName: string, handler: (comm: Comm, openMsg: CommMessage) => void): void {
    requireHost(`comms.registerTarget("${targetName}")`).registerCommTarget(targetName, handler);
  },
  /** Opens a comm to the front end's target `targetName` with initial `data` (and comm_open `metadata`). */
  open(
    targetName: string,
    data: unknown = {},
    buffers?: Buffers,
    metadata?: Record<string, unknown>,
  ): Comm {
    return requireHost(`comms.open("${targetName}")`).openComm(targetName, data, buffers, metadata);
  },
};

/** The msg_id of the request now running in the kernel (outputs carry it as their parent), if any. */
export function parentMsgId(): string | undefined {
  return host()?.parentMsgId?.();
}
