/**
 * The Jupyter wire format (messaging protocol 5.3): identities, the "<IDS|MSG>" delimiter, an HMAC signature,
 * then header, parent_header, metadata and content as JSON frames, then binary buffers.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = "<IDS|MSG>";

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** One Jupyter message; `identities` routes a reply back to the client that sent the request. */
export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** The contents of a Jupyter connection file. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

/** Signs and checks messages with the connection's key ("hmac-sha256"; an empty key disables signing). */
export class Signer {
  private readonly algorithm: string;
  constructor(
    private readonly key: string,
    scheme = "hmac-sha256",
  ) {
    if (!scheme.startsWith("hmac-"))
      throw new Error(`signature_scheme must be hmac-<digest>, got "${scheme}"`);
    this.algorithm = scheme.slice(5);
  }

  /** The hex signature of the four JSON frames. */
  sign(frames: Buffer[]): string {
    if (!this.key) return "";
    const hmac = createHmac(this.algorithm, this.key);
    for (const f of frames) hmac.update(f);
    return hmac.digest("hex");
  }

  /** Whether `signature` matches the frames (always true without a key). */
  verify(signature: string, frames: Buffer[]): boolean {
    if (!this.key) return true;
    const expected = Buffer.from(this.sign(frames));
    const got = Buffer.from(signature);
    return expected.length === got.length && timingSafeEqual(expected, got);
  }
}

/** A fresh header for a message of type `msgType` in `session`. */
export function newHeader(msgType: string, session: string, username = "kernel"): MessageHeader {
  return {
    msg_id: randomUUID(),
    session,
    username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** Decodes ZMQ frames into a message; throws if the signature is wrong or the delimiter missing. */
export function decodeMessage(frames: Buffer[], signer: Signer): Message {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString() === DELIMITER);
  if (at < 0 || frames.length < at + 6)
    throw new Error("malformed Jupyter message: no <IDS|MSG> delimiter followed by 5 frames");
  const signature = frames[at + 1].toString();
  const json = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, json))
    throw new Error("Jupyter message with an invalid HMAC signature");
  const [header, parent, metadata, content] = json.map((f) => JSON.parse(f.toString() || "{}"));
  return {
    identities: frames.slice(0, at),
    header,
    parent_header: parent,
    metadata,
    content,
    buffers: frames.slice(at + 6),
  };
}

/** Encodes a message into ZMQ frames, signed. */
export function encodeMessage(
  msg: Omit<Message<unknown>, "identities"> & { identities?: Buffer[] },
  signer: Signer,
): Buffer[] {
  const json = [msg.header, msg.parent_header, msg.metadata, msg.content].map((v) =>
    Buffer.from(JSON.stringify(v)),
  );
  return [
    ...(msg.identities ?? []),
    Buffer.from(DELIMITER),
    Buffer.from(signer.sign(json)),
    ...json,
    ...msg.buffers,
  ];
}

/** Buffers as ZMQ frames, whatever binary view they came in. */
export function toBuffers(buffers: ReadonlyArray<Uint8Array | ArrayBuffer> | undefined): Buffer[] {
  return (buffers ?? []).map((b) =>
    b instanceof ArrayBuffer ? Buffer.from(b) : Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}
