/**
 * Comms, both ways: the front end opens comms to targets that notebook code registered, and notebook code opens
 * comms to front-end targets. Messages flow on both sides with JSON data and binary buffers.
 */
import { randomUUID } from "node:crypto";
import type { Buffers, Comm, CommMessage } from "../api";

/** Sends a comm message (comm_open, comm_msg, comm_close) to the front end on iopub. */
export type CommPublisher = (
  msgType: "comm_open" | "comm_msg" | "comm_close",
  content: Record<string, unknown>,
  buffers?: Buffers,
  metadata?: Record<string, unknown>,
) => void;

class KernelComm implements Comm {
  readonly msgHandlers: Array<(msg: CommMessage) => void> = [];
  readonly closeHandlers: Array<(msg: CommMessage) => void> = [];
  closed = false;

  constructor(
    readonly commId: string,
    readonly targetName: string,
    private readonly manager: CommManager,
  ) {}

  send(data: unknown, buffers?: Buffers): void {
    if (this.closed)
      throw new Error(`comm ${this.commId} (target "${this.targetName}") is closed; cannot send`);
    this.manager.publish("comm_msg", { comm_id: this.commId, data }, buffers);
  }

  close(data: unknown = {}): void {
    if (this.closed) return;
    this.closed = true;
    this.manager.forget(this.commId);
    this.manager.publish("comm_close", { comm_id: this.commId, data });
  }

  onMsg(handler: (msg: CommMessage) => void): void {
    this.msgHandlers.push(handler);
  }

  onClose(handler: (msg: CommMessage) => void): void {
    this.closeHandlers.push(handler);
  }
}

/** The kernel's comms: open ones by id, and the targets notebook code registered. */
export class CommManager {
  private readonly comms = new Map<string, KernelComm>();
  private readonly targets = new Map<string, (comm: Comm, openMsg: CommMessage) => void>();

  constructor(readonly publish: CommPublisher) {}

  registerTarget(targetName: string, handler: (comm: Comm, openMsg: CommMessage) => void): void {
    this.targets.set(targetName, handler);
  }

  /** Opens a comm from the kernel side. */
  open(
    targetName: string,
    data: unknown,
    buffers?: Buffers,
    metadata?: Record<string, unknown>,
  ): Comm {
    const comm = new KernelComm(randomUUID().replace(/-/g, ""), targetName, this);
    this.comms.set(comm.commId, comm);
    const content = { comm_id: comm.commId, target_name: targetName, data };
    this.publish("comm_open", content, buffers, metadata);
    return comm;
  }

  forget(commId: string): void {
    this.comms.delete(commId);
  }

  /** Open comms as comm_info_reply lists them, optionally only those of one target. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const [id, comm] of this.comms)
      if (!targetName || comm.targetName === targetName) out[id] = { target_name: comm.targetName };
    return out;
  }

  /** The front end opened a comm: hand it to its target, or close it back if nothing listens there. */
  handleOpen(
    content: { comm_id: string; target_name: string; data?: unknown },
    buffers: Uint8Array[],
  ): void {
    const handler = this.targets.get(content.target_name);
    const comm = new KernelComm(content.comm_id, content.target_name, this);
    if (!handler) {
      comm.closed = true;
      this.publish("comm_close", {
        comm_id: content.comm_id,
        data: { error: `no comm target "${content.target_name}" is registered in the kernel` },
      });
      return;
    }
    this.comms.set(comm.commId, comm);
    handler(comm, { data: content.data ?? {}, buffers });
  }

  /** A message from the front end on an open comm. */
  handleMsg(content: { comm_id: string; data?: unknown }, buffers: Uint8Array[]): void {
    const comm = this.comms.get(content.comm_id);
    for (const h of comm?.msgHandlers ?? []) h({ data: content.data ?? {}, buffers });
  }

  /** The front end closed a comm. */
  handleClose(content: { comm_id: string; data?: unknown }, buffers: Uint8Array[]): void {
    const comm = this.comms.get(content.comm_id);
    if (!comm) return;
    comm.closed = true;
    this.forget(comm.commId);
    for (const h of comm.closeHandlers) h({ data: content.data ?? {}, buffers });
  }
}
