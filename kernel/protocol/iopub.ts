/**
 * The kernel's broadcast channel: publishes iopub messages in order on a ZMQ socket that allows one send at a
 * time, and turns writes to process.stdout/stderr (console.log included) into `stream` messages, batched so that
 * a loop printing thousands of lines sends a few messages, and always flushed before any other output.
 */
import type { Buffers } from "../api";
import { serialSender, type FrameSender, type SerialSender } from "./serial-sender";
import {
  encodeMessage,
  newHeader,
  toBuffers,
  type Message,
  type MessageHeader,
  type Signer,
} from "./wire";

type StreamName = "stdout" | "stderr";

/** Stream writes within this many milliseconds go out as one message. */
const STREAM_BATCH_MS = 20;

export class Iopub {
  private readonly out: SerialSender;
  private pending:
    { name: StreamName; text: string; parent: Partial<MessageHeader>; since: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The request that outputs belong to: the one running, or the last one (for output from timers). */
  parent: Partial<MessageHeader> = {};

  constructor(
    socket: FrameSender,
    private readonly signer: Signer,
    private readonly session: string,
  ) {
    this.out = serialSender(socket, (e) => writeKernelLog(`iopub send failed: ${e}`));
  }

  /** Publishes one message with the current parent (or `parent`), after any pending stream text. */
  publish(
    msgType: string,
    content: Record<string, unknown>,
    buffers?: Buffers,
    parent = this.parent,
    metadata: Record<string, unknown> = {},
  ): void {
    this.flushStreams();
    this.enqueue(msgType, content, parent, buffers, metadata);
  }

  /** Adds text to a stream; consecutive writes to the same stream and parent become one message. */
  stream(name: StreamName, text: string): void {
    if (this.pending && (this.pending.name !== name || this.pending.parent !== this.parent))
      this.flushStreams();
    if (this.pending) this.pending.text += text;
    else this.pending = { name, text, parent: this.parent, since: Date.now() };
    // A loop whose awaits never yield (training) starves the timer: a write also flushes a batch that is due.
    if (Date.now() - this.pending.since >= STREAM_BATCH_MS) this.flushStreams();
    else this.timer ??= setTimeout(() => this.flushStreams(), STREAM_BATCH_MS);
  }

  /** Sends pending stream text now. */
  flushStreams(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p) this.enqueue("stream", { name: p.name, text: p.text }, p.parent);
  }

  /** Resolves when everything published so far has been handed to ZMQ. */
  drained(): Promise<void> {
    this.flushStreams();
    return this.out.drained();
  }

  private enqueue(
    msgType: string,
    content: Record<string, unknown>,
    parent: Partial<MessageHeader>,
    buffers?: Buffers,
    metadata: Record<string, unknown> = {},
  ): void {
    const msg: Omit<Message<unknown>, "identities"> & { identities: Buffer[] } = {
      identities: [Buffer.from(`kernel.${this.session}.${msgType}`)],
      header: newHeader(msgType, this.session),
      parent_header: parent,
      metadata,
      content,
      buffers: toBuffers(buffers),
    };
    this.out.send(encodeMessage(msg, this.signer));
  }
}

const realStderrWrite = process.stderr.write.bind(process.stderr);

/** Writes a line to the kernel's own stderr (the Jupyter server's log), bypassing the capture. */
export function writeKernelLog(line: string): void {
  realStderrWrite(`[imagenot-ts] ${line}\n`);
}

/** Routes process.stdout/stderr writes into `iopub` streams for the rest of the process's life. */
export function captureProcessStreams(iopub: Iopub): void {
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    stream.write = ((
      chunk: string | Uint8Array,
      encoding?: BufferEncoding | ((e?: Error) => void),
      cb?: (e?: Error) => void,
    ) => {
      const text =
        typeof chunk === "string"
          ? chunk
          : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8");
      iopub.stream(name, text);
      const done = typeof encoding === "function" ? encoding : cb;
      if (done) process.nextTick(done);
      return true;
    }) as typeof stream.write;
  }
}
