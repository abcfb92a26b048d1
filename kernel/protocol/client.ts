/**
 * A small Jupyter client in TypeScript: launches a kernel process with a fresh connection file and talks to it
 * over ZMQ (shell and control as Dealer, iopub as Subscriber). The notebook runner and the benchmark use it, so
 * they see exactly the messages a Jupyter front end sees.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { serialSender, type SerialSender } from "./serial-sender";
import {
  decodeMessage,
  encodeMessage,
  newHeader,
  Signer,
  type ConnectionInfo,
  type Message,
} from "./wire";

/** A finished request: its reply and every iopub message it caused until the kernel went idle. */
export interface RequestResult {
  reply: Message;
  iopub: Message[];
}

export interface LaunchOptions {
  /** The kernel command; "{connection_file}" is replaced by the connection file's path. */
  argv: string[];
  /** The kernel's working folder (a notebook's folder). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the kernel's own stdout/stderr go (default: ignored). */
  stdio?: "ignore" | "inherit";
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

interface Pending {
  reply?: Message;
  iopub: Message[];
  idle: boolean;
  waitForIdle: boolean;
  resolve: (r: RequestResult) => void;
}

export class KernelClient {
  private readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly shell = new zmq.Dealer();
  private readonly control = new zmq.Dealer();
  private readonly iopub = new zmq.Subscriber();
  private readonly pending = new Map<string, Pending>();
  private readonly senders: Record<"shell" | "control", SerialSender>;
  private exited: Promise<number | null>;
  /** Called for every iopub message, whatever request it belongs to. */
  onIopub: ((msg: Message) => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ConnectionInfo,
    private readonly dir: string,
  ) {
    this.signer = new Signer(connection.key, connection.signature_scheme);
    const report = (e: unknown) =>
      process.stderr.write(`sending to the kernel failed: ${(e as Error).message}\n`);
    this.senders = {
      shell: serialSender(this.shell, report),
      control: serialSender(this.control, report),
    };
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  /** Starts a kernel and connects to it; resolves once it answers kernel_info and its iopub is subscribed. */
  static async launch(opts: LaunchOptions): Promise<KernelClient> {
    const dir = mkdtempSync(join(tmpdir(), "imagenot-kernel-"));
    const ports = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const connection: ConnectionInfo = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: ports[0],
      iopub_port: ports[1],
      stdin_port: ports[2],
      control_port: ports[3],
      hb_port: ports[4],
      key: randomBytes(16).toString("hex"),
      signature_scheme: "hmac-sha256",
    };
    const file = join(dir, "connection.json");
    writeFileSync(file, JSON.stringify(connection));
    const [cmd, ...args] = opts.argv.map((a) => a.replace("{connection_file}", file));
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), JPY_PARENT_PID: String(process.pid) },
      stdio: ["ignore", opts.stdio ?? "ignore", opts.stdio ?? "ignore"],
    });
    // A kernel must not outlive its client (plain tslab does not watch its parent).
    const killChild = () => child.kill("SIGKILL");
    process.once("exit", killChild);
    child.once("exit", () => process.off("exit", killChild));
    const client = new KernelClient(child, connection, dir);
    await client.connect();
    return client;
  }

  private async connect(): Promise<void> {
    const c = this.connection;
    this.shell.connect(`tcp://${c.ip}:${c.shell_port}`);
    this.control.connect(`tcp://${c.ip}:${c.control_port}`);
    this.iopub.connect(`tcp://${c.ip}:${c.iopub_port}`);
    this.iopub.subscribe();
    void this.receive(this.shell);
    void this.receive(this.control);
    void this.receive(this.iopub);
    // A subscriber misses what was published before it joined: ask until the kernel has answered and something
    // it published (its busy/idle status for our requests) has come through iopub.
    let ready = false;
    let heard = false;
    const listen = this.onIopub;
    this.onIopub = () => {
      heard = true;
    };
    const failed = this.exited.then((code) => {
      if (!ready) throw new Error(`the kernel exited with code ${code} before answering`);
    });
    while (!ready) {
      const attempt = this.request("shell", "kernel_info_request", {}, false).then(() => true);
      const answered = await Promise.race([
        attempt,
        failed.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500)),
      ]);
      ready = answered && heard;
    }
    this.onIopub = listen;
    this.pending.clear();
  }

  private async receive(socket: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket)
        this.dispatch(decodeMessage(frames, this.signer), socket === this.iopub);
    } catch (e) {
      if (!socket.closed) throw e;
    }
  }

  private dispatch(msg: Message, fromIopub: boolean): void {
    if (fromIopub) this.onIopub?.(msg);
    const p = msg.parent_header.msg_id ? this.pending.get(msg.parent_header.msg_id) : undefined;
    if (!p) return;
    if (!fromIopub) p.reply = msg;
    else if (msg.header.msg_type === "status" && msg.content.execution_state === "idle")
      p.idle = true;
    else if (msg.header.msg_type !== "status") p.iopub.push(msg);
    if (p.reply && (p.idle || !p.waitForIdle)) {
      this.pending.delete(msg.parent_header.msg_id!);
      p.resolve({ reply: p.reply, iopub: p.iopub });
    }
  }

  /**
   * Sends a request and resolves when both its reply and the kernel's idle status for it have arrived (or the reply
   * alone with `waitForIdle` false: plain tslab now and then publishes no idle status).
   */
  request(
    channel: "shell" | "control",
    msgType: string,
    content: Record<string, unknown>,
    waitForIdle = true,
  ): Promise<RequestResult> {
    const header = newHeader(msgType, this.session, "imagenot-lab");
    const result = new Promise<RequestResult>((resolve) =>
      this.pending.set(header.msg_id, { iopub: [], idle: false, waitForIdle, resolve }),
    );
    this.send(channel, { header, parent_header: {}, metadata: {}, content, buffers: [] });
    return result;
  }

  /** Sends a message that has no reply (comm_open, comm_msg, comm_close). */
  send(channel: "shell" | "control", msg: Omit<Message<unknown>, "identities">): void {
    this.senders[channel].send(encodeMessage(msg, this.signer));
  }

  /** Runs `code` as a notebook cell would. */
  execute(
    code: string,
    opts: { stopOnError?: boolean; storeHistory?: boolean; waitForIdle?: boolean } = {},
  ): Promise<RequestResult> {
    return this.request(
      "shell",
      "execute_request",
      {
        code,
        silent: false,
        store_history: opts.storeHistory ?? true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: opts.stopOnError ?? true,
      },
      opts.waitForIdle,
    );
  }

  /** Sends SIGINT, Jupyter's interrupt for kernels with interrupt_mode "signal". */
  interrupt(): void {
    this.child.kill("SIGINT");
  }

  /** Asks the kernel to shut down (killing it if it does not within `timeoutMs`) and closes the sockets. */
  async shutdown(timeoutMs = 5000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      void this.request("control", "shutdown_request", { restart: false });
      const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    for (const s of [this.shell, this.control, this.iopub]) s.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
