/** The wire format against jupyter_client's own Session: it must read our frames and we must read its. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { python } from "../../helpers/python";
import { decodeMessage, encodeMessage, newHeader, Signer } from "../../../kernel/protocol/wire";

const KEY = "0123456789abcdef";
const b64 = (frames: Buffer[]) => frames.map((f) => f.toString("base64"));

test("jupyter_client's Session deserializes and verifies a message we encoded, buffers included", () => {
  const signer = new Signer(KEY);
  const header = newHeader("comm_msg", "sess-1");
  const frames = encodeMessage(
    {
      identities: [Buffer.from("peer")],
      header,
      parent_header: {},
      metadata: { m: 1 },
      content: { comm_id: "c", data: { x: [1, 2] } },
      buffers: [Buffer.from([0, 1, 255])],
    },
    signer,
  );
  const got = python<any>(
    `
import base64
from jupyter_client.session import Session
s = Session(key=INPUT["key"].encode(), signature_scheme="hmac-sha256")
frames = [base64.b64decode(f) for f in INPUT["frames"]]
idents, rest = s.feed_identities(frames)
m = s.deserialize(rest)
print(json.dumps({"idents": [i.decode() for i in idents], "type": m["header"]["msg_type"], "content": m["content"], "metadata": m["metadata"], "buffers": [list(bytes(b)) for b in m["buffers"]]}))
`,
    { key: KEY, frames: b64(frames) },
  );
  assert.deepEqual(got, {
    idents: ["peer"],
    type: "comm_msg",
    content: { comm_id: "c", data: { x: [1, 2] } },
    metadata: { m: 1 },
    buffers: [[0, 1, 255]],
  });
});

test("we decode what jupyter_client's Session serializes, and reject a wrong signature", () => {
  const frames = python<string[]>(
    `
import base64
from jupyter_client.session import Session
s = Session(key=INPUT.encode(), signature_scheme="hmac-sha256")
msg = s.msg("execute_request", {"code": "1 + 1", "silent": False})
print(json.dumps([base64.b64encode(f).decode() for f in [b"client-id"] + s.serialize(msg, ident=None)]))
`,
    KEY,
  ).map((f) => Buffer.from(f, "base64"));
  const msg = decodeMessage(frames, new Signer(KEY));
  assert.equal(msg.header.msg_type, "execute_request");
  assert.deepEqual(msg.content, { code: "1 + 1", silent: false });
  assert.deepEqual(msg.identities.map(String), ["client-id"]);
  assert.throws(() => decodeMessage(frames, new Signer("another key")), /invalid HMAC signature/);
});

test("an empty key means unsigned messages, as in Jupyter", () => {
  const signer = new Signer("");
  const frames = encodeMessage(
    { header: newHeader("status", "s"), parent_header: {}, metadata: {}, content: {}, buffers: [] },
    signer,
  );
  assert.equal(frames[1].toString(), "");
  assert.equal(decodeMessage(frames, signer).header.msg_type, "status");
});
