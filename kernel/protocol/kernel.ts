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
import { KERNEL_HOST, valueBundle, type KernelHost } from "../api";
import { CommManager } from "./comms";
import { createCellExecutor, type CellExecutor } from "../executor/executor";
import { History, type HistoryRequest } from "./history";
import { captureProcessStreams, Iopub, writeKernelLog } from "./iopub";
import { packageManifest } from "../executor/package-resolution";
import { packageVersion } from "../../src/util/versions";
import { serialSender, type SerialSender } from "./serial-sender";
import {
  INTERRUPT_HOOK,
  LOOP_TICK_MS,
  type ControlThreadData,
  type FromControlThread,
  type ToControlThread,
} from "./control-thread";
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

/** The execute_request being run: where its input requests go, and its interrupt signal. */
interface RunningCell {
  request: Message;
  allowStdin: boolean;
  interrupt: AbortController;
}

interface Channel {
  name: "shell" | "control";
  replies: SerialSender;
}

export class Kernel {
  private readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly shell = new zmq.Router();
  private control: Worker | undefined;
  private readonly stdin = new zmq.Router();
  private readonly stdinReplies = serialSender(this.stdin, (e) =>
    writeKernelLog(`stdin send failed: ${e}`),
  );
  /** Resolvers of input requests awaiting their input_reply, by the request's msg_id. */
  private readonly inputs = new Map<string, (value: string) => void>();
  private running: RunningCell | undefined;
  /** Turns of this thread's event loop, counted for the control thread (see control-thread.ts). */
  private readonly loopTicks = new Int32Array(new SharedArrayBuffer(4));
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
      this.stdin.bind(this.address(c.stdin_port)),
      this.iopubSocket.bind(this.address(c.iopub_port)),
    ]);
    // Heartbeat and control live on threads of their own: both must answer while a cell blocks this one.
    this.heartbeat = await startThread("heartbeat-worker.cjs", {
      address: this.address(c.hb_port),
    });
    const controlData: ControlThreadData = {
      address: this.address(c.control_port),
      key: c.key,
      scheme: c.signature_scheme,
      session: this.session,
      loopTicks: this.loopTicks,
    };
    setInterval(() => Atomics.add(this.loopTicks, 0, 1), LOOP_TICK_MS).unref();
    this.control = await startThread("control-worker.cjs", controlData);
    this.installHost();
    captureProcessStreams(this.iopub);
    this.iopub.publish("status", { execution_state: "starting" }, undefined, {});
    const logFailure = (name: string) => (e: unknown) =>
      writeKernelLog(`${name} send failed: ${e}`);
    this.serveControl(this.control);
    void this.serveStdin();
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
      requestInput: (prompt, password) => this.requestInput(prompt, password),
      interruptSignal: () => {
        if (!this.running) throw new Error("interruptSignal() is for code run by a cell");
        return this.running.interrupt.signal;
      },
    };
    (globalThis as Record<symbol, unknown>)[KERNEL_HOST] = host;
    (globalThis as Record<symbol, unknown>)[INTERRUPT_HOOK] = () => this.interrupt();
  }

  /** Stops the running cell, as SIGINT and interrupt_request do: its signal aborts, awaited code rejects. */
  interrupt(): void {
    this.running?.interrupt.abort(new Error("interrupted"));
    this.executor.interrupt();
  }

  /** Sends input_request for the running cell and resolves to the front end's input_reply value. */
  private requestInput(prompt: string, password: boolean): Promise<string> {
    const what = `${password ? "password" : "input"}(${JSON.stringify(prompt)})`;
    const cell = this.running;
    if (!cell) throw new Error(`${what} is for code run by a cell, not by a timer after it`);
    if (!cell.allowStdin)
      throw new Error(
        `${what}: this front end takes no input (its execute_request has allow_stdin: false, as under ` +
          "run-notebook and nbclient); pass the value as a parameter instead",
      );
    // The prompt's front end shows outputs in order: what the cell printed before asking comes first.
    this.iopub.flushStreams();
    const header = newHeader("input_request", this.session);
    const answer = new Promise<string>((resolve, reject) => {
      this.inputs.set(header.msg_id, resolve);
      cell.interrupt.signal.addEventListener("abort", () => {
        this.inputs.delete(header.msg_id);
        reject(new Error(`${what} interrupted`));
      });
    });
    this.stdinReplies.send(
      encodeMessage(
        {
          identities: cell.request.identities,
          header,
          parent_header: cell.request.header,
          metadata: {},
          content: { prompt, password },
          buffers: [],
        },
        this.signer,
      ),
    );
    return answer;
  }

  private async serveStdin(): Promise<void> {
    try {
      for await (const frames of this.stdin) {
        let msg: Message;
        try {
          msg = decodeMessage(frames, this.signer);
        } catch (e) {
          writeKernelLog(`stdin: dropped a message: ${(e as Error).message}`);
          continue;
        }
        // jupyter_client sends input_reply without a parent header: then it answers the oldest request, as in
        // ipykernel, which waits for the next message on stdin.
        const id = this.inputs.has(msg.parent_header.msg_id ?? "")
          ? msg.parent_header.msg_id!
          : this.inputs.keys().next().value;
        if (msg.header.msg_type !== "input_reply" || id === undefined) {
          writeKernelLog(`stdin: ignoring ${msg.header.msg_type} that answers no input request`);
          continue;
        }
        const resolve = this.inputs.get(id)!;
        this.inputs.delete(id);
        resolve(String((msg.content as { value?: unknown }).value ?? ""));
      }
    } catch (e) {
      if (!this.stdin.closed) throw e;
    }
  }

  /** Control requests come from the control thread; their replies go back through it. */
  private serveControl(thread: Worker): void {
    const channel: Channel = {
      name: "control",
      replies: {
        send: (frames) => thread.postMessage({ frames } satisfies ToControlThread),
        drained: () => Promise.resolve(),
      },
    };
    thread.on("message", (m: FromControlThread) => {
      if (m === "bound") return;
      if ("log" in m) return writeKernelLog(m.log);
      const msg = m.request;
      // Structured cloning turned the Buffers into plain Uint8Arrays.
      msg.identities = msg.identities.map((f) => Buffer.from(f));
      msg.buffers = msg.buffers.map((f) => Buffer.from(f));
      void this.handle(msg, channel);
    });
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
      this.shellQueue.push(msg);
      void this.drainShell(channel);
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
        // The control thread answers these itself; one sent on shell is served here all the same.
        this.interrupt();
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
      allow_stdin?: boolean;
      user_expressions?: Record<string, string>;
    };
    const code = content.code ?? "";
    const silent = Boolean(content.silent);
    const storeHistory = !silent && content.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    this.iopub.parent = msg.header;
    if (!silent) this.iopub.publish("execute_input", { code, execution_count: count });
    if (storeHistory) this.history.add(count, code);
    this.running = {
      request: msg,
      allowStdin: content.allow_stdin !== false,
      interrupt: new AbortController(),
    };
    const outcome = await this.executor.execute(code, `cell[${count}]`);
    const expressions =
      outcome.status === "ok" ? await this.userExpressions(content.user_expressions ?? {}) : {};
    this.running = undefined;
    if (outcome.status === "ok") {
      if (outcome.hasValue && !silent) {
        const data = await valueBundle(outcome.value);
        if (storeHistory && typeof data["text/plain"] === "string")
          this.history.setOutput(count, data["text/plain"]);
        this.iopub.publish("execute_result", { execution_count: count, data, metadata: {} });
      }
      this.iopub.flushStreams();
      return this.reply(channel, msg, "execute_reply", {
        status: "ok",
        execution_count: count,
        user_expressions: expressions,
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

  /** Each expression evaluated in the cells' scope: a display bundle, or the error it raised (as ipykernel). */
  private async userExpressions(
    expressions: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [i, [name, expression]] of Object.entries(expressions).entries()) {
      const r = await this.executor.evaluate(String(expression), `user_expressions[${i}]`);
      if (r.status !== "ok") {
        const { ename, evalue, traceback } = r;
        out[name] = { status: "error", ename, evalue, traceback };
        continue;
      }
      out[name] = { status: "ok", data: await valueBundle(r.value), metadata: {} };
    }
    return out;
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
    for (const s of [this.shell, this.stdin, this.iopubSocket]) s.close();
    for (const thread of [this.heartbeat, this.control]) {
      if (!thread) continue;
      const exited = new Promise((r) => thread.once("exit", r));
      thread.postMessage("stop");
      await exited;
    }
    process.exit(0);
  }
}

/** Starts a worker thread from this folder and resolves once it reports that its socket is bound. */
async function startThread(file: string, workerData: unknown): Promise<Worker> {
  const thread = new Worker(join(__dirname, file), { workerData });
  await new Promise((resolve, reject) => {
    thread.once("message", resolve);
    thread.once("error", reject);
  });
  return thread;
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
  // SIGINT is Jupyter's interrupt (and the control thread's, for interrupt_request): blocking code stops through
  // vm's breakOnSigint; this stops awaited code.
  process.on("SIGINT", () => kernel.interrupt());
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
