/**
 * The control channel's own thread. A cell that blocks the main thread (`while (true) {}`) must still be
 * interruptible by an interrupt_request, so this thread owns the control socket: it answers interrupt_request
 * itself by sending the process SIGINT (the same path as interrupt_mode "signal": vm's breakOnSigint stops
 * blocking code, the kernel's SIGINT handler stops awaited code) and hands every other request to the main thread.
 *
 * Awaited code that never yields to the event loop (a training loop whose awaits all resolve at once) keeps the
 * SIGINT handler from running. When the main thread's event loop has not turned for a grace period after the
 * signal, this thread calls the kernel's interrupt through the inspector, which runs between two steps of such a
 * loop: the cell ends as interrupted and its interrupt signal aborts, so code that checks the signal stops
 * cleanly. Code that checks nothing keeps the thread (as a C loop ignoring KeyboardInterrupt does in Python).
 */
import { Session } from "node:inspector";
import { parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";
import { serialSender } from "./serial-sender";
import { decodeMessage, encodeMessage, newHeader, Signer, type Message } from "./wire";

/** What the main thread passes when it starts this thread. */
export interface ControlThreadData {
  address: string;
  key: string;
  scheme: string;
  session: string;
  /** Shared with the main thread, which counts its event-loop turns in element 0 (see LOOP_TICK_MS). */
  loopTicks: Int32Array;
}

/** How often the main thread counts a turn of its event loop. */
export const LOOP_TICK_MS = 50;

/** The globalThis key of the kernel's interrupt function, which the inspector calls on the main thread. */
export const INTERRUPT_HOOK = Symbol.for("imagenot-lab.kernel.interrupt");
/** How long the main thread's event loop may stand still after SIGINT before the inspector calls the hook. */
export const ESCALATE_AFTER_MS = 500;

/** Messages from this thread: "bound" once listening, then requests to handle and lines for the kernel log. */
export type FromControlThread = "bound" | { request: Message } | { log: string };
/** Messages to this thread: frames to send (replies), or "stop" to close the socket after them. */
export type ToControlThread = "stop" | { frames: Uint8Array[] };

/** SIGINT now; if the main thread's event loop has not turned after the grace period, the interrupt hook. */
function interruptMainThread(loopTicks: Int32Array, log: (line: string) => void): void {
  process.kill(process.pid, "SIGINT");
  const ticks = Atomics.load(loopTicks, 0);
  setTimeout(() => {
    if (Atomics.load(loopTicks, 0) !== ticks) return;
    log(
      "SIGINT did not stop the cell: its awaits never yield; calling the interrupt through the inspector",
    );
    const inspector = new Session();
    inspector.connectToMainThread();
    const hook = `globalThis[Symbol.for(${JSON.stringify(INTERRUPT_HOOK.description)})]()`;
    inspector.post("Runtime.evaluate", { expression: hook }, () => inspector.disconnect());
  }, ESCALATE_AFTER_MS);
}

/** The thread's body: binds the control socket from workerData and serves it until told to stop. */
export async function runControlThread(): Promise<void> {
  const port = parentPort!;
  const { address, key, scheme, session, loopTicks } = workerData as ControlThreadData;
  const signer = new Signer(key, scheme);
  const socket = new zmq.Router();
  const post = (m: FromControlThread) => port.postMessage(m);
  const replies = serialSender(socket, (e) => post({ log: `control send failed: ${e}` }));
  port.on("message", (m: ToControlThread) => {
    if (m === "stop") void replies.drained().then(() => socket.close());
    else replies.send(m.frames.map((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength)));
  });
  await socket.bind(address);
  post("bound");
  try {
    for await (const frames of socket) {
      let msg: Message;
      try {
        msg = decodeMessage(frames, signer);
      } catch (e) {
        post({ log: `control: dropped a message: ${(e as Error).message}` });
        continue;
      }
      if (msg.header.msg_type !== "interrupt_request") {
        post({ request: msg });
        continue;
      }
      interruptMainThread(loopTicks, (line) => post({ log: line }));
      replies.send(
        encodeMessage(
          {
            identities: msg.identities,
            header: newHeader("interrupt_reply", session),
            parent_header: msg.header,
            metadata: {},
            content: { status: "ok" },
            buffers: [],
          },
          signer,
        ),
      );
    }
  } catch (e) {
    if (!socket.closed) throw e;
  }
  port.close();
}
