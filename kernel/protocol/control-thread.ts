/**
 * The control channel's own thread. A cell that blocks the main thread (`while (true) {}`) must still be
 * interruptible by an interrupt_request, so this thread owns the control socket: it answers interrupt_request
 * itself by sending the process SIGINT (the same path as interrupt_mode "signal": vm's breakOnSigint stops
 * blocking code, the kernel's SIGINT handler stops awaited code) and hands every other request to the main thread.
 */
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
}

/** Messages from this thread: "bound" once listening, then requests to handle and lines for the kernel log. */
export type FromControlThread = "bound" | { request: Message } | { log: string };
/** Messages to this thread: frames to send (replies), or "stop" to close the socket after them. */
export type ToControlThread = "stop" | { frames: Uint8Array[] };

async function main(): Promise<void> {
  const port = parentPort!;
  const { address, key, scheme, session } = workerData as ControlThreadData;
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
      process.kill(process.pid, "SIGINT");
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

void main();
