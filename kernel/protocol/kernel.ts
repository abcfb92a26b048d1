/**
 * The imagenot-ts kernel: Jupyter messaging protocol 5.3 over zeromq (shell, control, stdin, iopub, heartbeat)
 * around the TypeScript cell executor, with the display host and comms that "imagenot-lab/kernel" talks to.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import * as zmq from "zeromq";
import * as ts from "@tslab/typescript-for-tslab";
import {
  JUPYTER_DISPLAY,
  KERNEL_HOST,
  normalizeBundle,
  plainText,
  type KernelHost,
  type MimeBundle,
} from "../api";
import { CommManager } from "./comms";
import { createCellExecutor, type CellExecutor } from "../executor/executor";
import { History, type HistoryRequest } from "./history";
import { captureProcessStreams, Iopub, writeKernelLog } from "./iopub";
import { packageManifest } from "../executor/package-resolution";
import { packageVersion } from "../../src/util/versions";
import { serialSender, type SerialSender } from "./serial-sender";
import {
  decodeMessage,
  encodeMessage,
  newHeader,
  PROTOCOL_VERSION,
  Signer,
  type ConnectionInfo,
  type Message,
} from "./wire";

/** Converts between the protocol's cursor positions (Unicode code points) and JavaScript string offsets. */
function codePointsToUtf16(text: string, cursor: number): number {
  return [...text].slice(0, cursor).join("").length;
}
function utf16ToCodePoints(text: string, offset: number): number {
  return [...text.slice(0, offset)].length;
}

/** The bundle a cell's last value shows as: its Jupyter.display bundle if it has one, else util.inspect text. */
export async function resultBundle(value: unknown): Promise<MimeBundle> {
  const custom =
    value !== null && (typeof value === "object" || typeof value === "function")
      ? (value as Record<symbol, unknown>)[JUPYTER_DISPLAY]
      : undefined;
  if (typeof custom === "function") {
    const bundle = (await custom.call(value)) as MimeBundle;
    return normalizeBundle(bundle);
  }
  return { "text/plain": plainText(value) };
}

interface Channel {
  name: "shell" | "control";
  replies: SerialSender;
}

export class Kernel {
  private readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopubSocket = new zmq.Publisher();
  private heartbeat: Worker | undefined;
  private readonly iopub: Iopub;
  private readonly comms: CommManager;
  private readonly history = new History();
  private readonly shellQueue: Message[] = [];
  private executionCount = 0;
  private draining = false;
  private stopping = false;

  constructor(
    private readonly connection: ConnectionInfo,
    private readonly executor: CellExecutor,
  ) {
    this.signer = new Signer(connection.key, connection.signature_scheme);
    this.iopub = new Iopub({ send: (f) => this.iopubSocket.send(f) }, this.signer, this.session);
    this.comms = new CommManager((type, content, buffers, metadata) =>
      this.iopub.publish(type, content, buffers, undefined, metadata),
    );
  }

  private address(port: number): string {
    const { transport, ip } = this.connection;
    return transport === "ipc" ? `ipc://${ip}-${port}` : `${transport}://${ip}:${port}`;
  }

  /** Binds every socket, installs the display host and output capture, and starts serving. */
  async start(): Promise<void> {
    const c = this.connection;
    await Promise.all([
      this.shell.bind(this.address(c.shell_port)),
      this.control.bind(this.address(c.control_port)),
      this.stdin.bind(this.address(c.stdin_port)),
      this.iopubSocket.bind(this.address(c.iopub_port)),
    ]);
    this.heartbeat = new Worker(join(__dirname, "heartbeat-worker.cjs"), {
      workerData: { address: this.address(c.hb_port) },
    });
    await new Promise((resolve, reject) => {
      this.heartbeat!.once("message", resolve);
      this.heartbeat!.once("error", reject);
    });
    this.installHost();
    captureProcessStreams(this.iopub);
    this.iopub.publish("status", { execution_state: "starting" }, undefined, {});
    const logFailure = (name: string) => (e: unknown) =>
      writeKernelLog(`${name} send failed: ${e}`);
    void this.serve(this.control, {
      name: "control",
      replies: serialSender(this.control, logFailure("control")),
    });
    void this.serve(this.shell, {
      name: "shell",
      replies: serialSender(this.shell, logFailure("shell")),
    });
  }

  private installHost(): void {
    const host: KernelHost = {
      display: (data, metadata, displayId, update) => {
        const transient = displayId ? { display_id: displayId } : {};
        if (update && !displayId)
          throw new Error("display.update needs the displayId of an earlier display");
        this.iopub.publish(update ? "update_display_data" : "display_data", {
          data,
          metadata,
          transient,
        });
      },
      clearOutput: (wait) => this.iopub.publish("clear_output", { wait }),
      openComm: (target, data, buffers, metadata) =>
        this.comms.open(target, data, buffers, metadata),
      parentMsgId: () => this.iopub.parent.msg_id,
      registerCommTarget: (target, handler) => this.comms.registerTarget(target, handler),
    };
    (globalThis as Record<symbol, unknown>)[KERNEL_HOST] = host;
  }

  private async serve(socket: zmq.Router, channel: Channel): Promise<void> {
    for await (const frames of socket) {
      let msg: Message;
      try {
        msg = decodeMessage(frames, this.signer);
      } catch (e) {
        writeKernelLog(`${channel.name}: dropped a message: ${(e as Error).message}`);
        continue;
      }
      if (channel.name === "control") {
        await this.handle(msg, channel);
      } else {
        this.shellQueue.push(msg);
        void this.drainShell(channel);
      }
      if (this.stopping) break;
    }
  }

  /** Shell requests run one at a time, in arrival order. */
  private async drainShell(channel: Channel): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.shellQueue.length > 0) await this.handle(this.shellQueue.shift()!, channel);
    } finally {
      this.draining = false;
    }
  }

  private reply(
    channel: Channel,
    request: Message,
    msgType: string,
    content: Record<string, unknown>,
  ): void {
    channel.replies.send(
      encodeMessage(
        {
          identities: request.identities,
          header: newHeader(msgType, this.session),
          parent_header: request.header,
          metadata: {},
          content,
          buffers: [],
        },
        this.signer,
      ),
    );
  }

  private async handle(msg: Message, channel: Channel): Promise<void> {
    const type = msg.header.msg_type;
    this.iopub.publish("status", { execution_state: "busy" }, undefined, msg.header);
    try {
      await this.dispatch(type, msg, channel);
    } catch (e) {
      writeKernelLog(`${type} failed: ${(e as Error).stack ?? e}`);
      if (type.endsWith("_request")) {
        const err = e as Error;
        this.reply(channel, msg, type.replace(/_request$/, "_reply"), {
          status: "error",
          ename: err.name ?? "Error",
          evalue: err.message ?? String(e),
          traceback: [String(err.stack ?? e)],
        });
      }
    } finally {
      this.iopub.publish("status", { execution_state: "idle" }, undefined, msg.header);
    }
  }

  private async dispatch(type: string, msg: Message, channel: Channel): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- message content is JSON of many shapes
    const content = msg.content as Record<string, any>;
    switch (type) {
      case "kernel_info_request":
        return this.reply(channel, msg, "kernel_info_reply", kernelInfo());
      case "execute_request":
        return this.execute(msg, channel);
      case "complete_request": {
        const code = String(content.code ?? "");
        const pos = codePointsToUtf16(code, content.cursor_pos ?? [...code].length);
        const c = this.executor.complete(code, pos);
        return this.reply(channel, msg, "complete_reply", {
          status: "ok",
          matches: c.matches,
          cursor_start: utf16ToCodePoints(code, c.start),
          cursor_end: utf16ToCodePoints(code, c.end),
          metadata: {},
        });
      }
      case "inspect_request": {
        const code = String(content.code ?? "");
        const text = this.executor.inspect(code, codePointsToUtf16(code, content.cursor_pos ?? 0));
        return this.reply(channel, msg, "inspect_reply", {
          status: "ok",
          found: text !== undefined,
          data: text ? { "text/plain": text } : {},
          metadata: {},
        });
      }
      case "is_complete_request": {
        const r = this.executor.isComplete(String(content.code ?? ""));
        return this.reply(
          channel,
          msg,
          "is_complete_reply",
          r.complete ? { status: "complete" } : { status: "incomplete", indent: r.indent },
        );
      }
      case "history_request":
        return this.reply(channel, msg, "history_reply", {
          status: "ok",
          history: this.history.query(content as HistoryRequest),
        });
      case "comm_info_request":
        return this.reply(channel, msg, "comm_info_reply", {
          status: "ok",
          comms: this.comms.info(content.target_name),
        });
      case "comm_open":
      case "comm_msg":
      case "comm_close": {
        this.iopub.parent = msg.header;
        const handler = {
          comm_open: "handleOpen",
          comm_msg: "handleMsg",
          comm_close: "handleClose",
        } as const;
        try {
          this.comms[handler[type]](content as never, msg.buffers);
        } catch (e) {
          // A failing comm handler is the notebook's error: show it where the notebook's output goes.
          process.stderr.write(`error in ${type} handler: ${(e as Error).stack ?? e}\n`);
        }
        return;
      }
      case "interrupt_request":
        this.executor.interrupt();
        return this.reply(channel, msg, "interrupt_reply", { status: "ok" });
      case "shutdown_request":
        this.reply(channel, msg, "shutdown_reply", {
          status: "ok",
          restart: Boolean(content.restart),
        });
        return this.stop();
      default:
        writeKernelLog(`ignoring unknown message type "${type}" on ${channel.name}`);
    }
  }

  private async execute(msg: Message, channel: Channel): Promise<void> {
    const content = msg.content as {
      code?: string;
      silent?: boolean;
      store_history?: boolean;
      stop_on_error?: boolean;
    };
    const code = content.code ?? "";
    const silent = Boolean(content.silent);
    const storeHistory = !silent && content.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    this.iopub.parent = msg.header;
    if (!silent) this.iopub.publish("execute_input", { code, execution_count: count });
    if (storeHistory) this.history.add(count, code);
    const outcome = await this.executor.execute(code, `cell[${count}]`);
    if (outcome.status === "ok") {
      if (outcome.hasValue && !silent) {
        const data = await resultBundle(outcome.value);
        if (storeHistory && typeof data["text/plain"] === "string")
          this.history.setOutput(count, data["text/plain"]);
        this.iopub.publish("execute_result", { execution_count: count, data, metadata: {} });
      }
      this.iopub.flushStreams();
      return this.reply(channel, msg, "execute_reply", {
        status: "ok",
        execution_count: count,
        user_expressions: {},
        payload: [],
      });
    }
    const { ename, evalue, traceback } = outcome;
    if (!silent) this.iopub.publish("error", { ename, evalue, traceback });
    this.reply(channel, msg, "execute_reply", {
      status: "error",
      execution_count: count,
      ename,
      evalue,
      traceback,
      user_expressions: {},
      payload: [],
    });
    // stop_on_error aborts what was already queued behind the failed cell, and nothing that arrives later.
    if (content.stop_on_error !== false) this.abortQueuedExecutes(channel);
  }

  private abortQueuedExecutes(channel: Channel): void {
    const aborted = this.shellQueue.filter((m) => m.header.msg_type === "execute_request");
    this.shellQueue.splice(
      0,
      this.shellQueue.length,
      ...this.shellQueue.filter((m) => m.header.msg_type !== "execute_request"),
    );
    for (const m of aborted) {
      this.iopub.publish("status", { execution_state: "busy" }, undefined, m.header);
      this.reply(channel, m, "execute_reply", { status: "aborted", execution_count: null });
      this.iopub.publish("status", { execution_state: "idle" }, undefined, m.header);
    }
  }

  /** Closes the sockets and the heartbeat thread, then ends the process. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.iopub.drained();
    // Give ZMQ a moment to put the last replies on the wire before the sockets close.
    await new Promise((r) => setTimeout(r, 50));
    for (const s of [this.shell, this.control, this.stdin, this.iopubSocket]) s.close();
    if (this.heartbeat) {
      const exited = new Promise((r) => this.heartbeat!.once("exit", r));
      this.heartbeat.postMessage("stop");
      await exited;
    }
    process.exit(0);
  }
}

/** The kernel_info_reply content. */
export function kernelInfo(): Record<string, unknown> {
  const version = packageVersion();
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "imagenot-ts",
    implementation_version: version,
    language_info: {
      name: "typescript",
      version: ts.version,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      // Classic Notebook picks CodeMirror's TypeScript mode from this pair; JupyterLab reads `mode`.
      codemirror_mode: { name: "javascript", typescript: true, mode: "typescript" },
    },
    banner: `imagenot-ts ${version}: TypeScript ${ts.version} (type-checked by tslab's compiler) on Node.js ${process.version}`,
    help_links: [
      {
        text: `${packageManifest().name}: the ImageNot paper`,
        url: "https://arxiv.org/abs/2404.02112",
      },
      {
        text: "TypeScript handbook",
        url: "https://www.typescriptlang.org/docs/handbook/intro.html",
      },
      { text: "Node.js API", url: `https://nodejs.org/docs/${process.version}/api/` },
      { text: "tslab", url: "https://github.com/yunabe/tslab" },
    ],
    debugger: false,
  };
}

/** Starts a kernel on the ports of `connectionFile`, running cells in the current folder (the notebook's). */
export async function startKernel(connectionFile: string): Promise<Kernel> {
  const connection = JSON.parse(readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  const executor = createCellExecutor();
  const kernel = new Kernel(connection, executor);
  // SIGINT is Jupyter's interrupt: blocking code stops through vm's breakOnSigint; this stops awaited code.
  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (e) =>
    process.stderr.write(`Uncaught exception: ${e.stack ?? e}\n`),
  );
  process.on("unhandledRejection", (e) =>
    process.stderr.write(`Unhandled promise rejection: ${(e as Error)?.stack ?? e}\n`),
  );
  await kernel.start();
  exitWithParent(kernel);
  return kernel;
}

/**
 * Jupyter launchers set JPY_PARENT_PID; like ipykernel, stop when that process is gone (we were re-parented), so a
 * crashed front end or test leaves no orphan kernel behind.
 */
function exitWithParent(kernel: Kernel): void {
  const parent = Number(process.env.JPY_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 1) return;
  setInterval(() => {
    if (process.ppid !== parent) void kernel.stop();
  }, 1000).unref();
}
