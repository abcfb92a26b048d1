/**
 * jupyter_client drives the kernel through comms both ways, display updates, interrupts, runtime and type errors
 * (test/e2e/kernel_client_checks.py records the messages; the expectations here come from the protocol and the cells).
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { addSignalModeKernelspec, installKernelspec, runPython } from "../kernel/helpers";

interface Observed {
  type: string;
  content: Record<string, any>;
  buffers: number[][];
}
interface Exchange {
  reply?: Record<string, any>;
  iopub: Observed[];
}
let seen: Record<string, Exchange & Record<string, any>>;

before(() => {
  const jupyterPath = installKernelspec();
  const r = runPython(
    ["kernel_client_checks.py", addSignalModeKernelspec(jupyterPath)],
    jupyterPath,
  );
  assert.equal(r.code, 0, r.stderr);
  seen = JSON.parse(r.stdout);
});

const ofType = (e: Exchange, type: string) => e.iopub.filter((m) => m.type === type);

test("a comm opened by the kernel carries data and buffers both ways, and closes from the front end", () => {
  const [open] = ofType(seen.kernel_comm_open, "comm_open");
  assert.equal(open.content.target_name, "frontend-target");
  assert.deepEqual(open.content.data, { hello: 1 });
  assert.deepEqual(open.buffers, [[1, 2, 3]]);
  assert.deepEqual(seen.comm_info.comms, {
    [open.content.comm_id]: { target_name: "frontend-target" },
  });
  const [echo] = ofType(seen.kernel_comm_reply, "comm_msg");
  assert.deepEqual(echo.content, {
    comm_id: open.content.comm_id,
    data: { got: { ping: 2 }, sizes: [2] },
  });
  assert.deepEqual(echo.buffers, [[5, 6]]);
  assert.equal(
    ofType(seen.kernel_comm_closed, "stream")[0].content.text,
    'closed by the front end {"reason":"done"}\n',
  );
  assert.deepEqual(seen.comm_info_after_close.comms, {});
});

test("a comm opened by the front end reaches the registered target, echoes buffers and is closed by the kernel", () => {
  assert.deepEqual(ofType(seen.frontend_open, "comm_msg")[0].content.data, {
    opened: { x: 1 },
    buffers: 1,
  });
  const [echo] = ofType(seen.frontend_msg, "comm_msg");
  assert.deepEqual(echo.content.data, { echo: { y: 2 } });
  assert.deepEqual(echo.buffers, [[0, 255]]);
  assert.deepEqual(ofType(seen.frontend_close_request, "comm_close")[0].content, {
    comm_id: "fe-1",
    data: { bye: true },
  });
  const [refused] = ofType(seen.unknown_target, "comm_close");
  assert.equal(refused.content.comm_id, "fe-2", "a comm to an unregistered target is closed back");
});

test("displays carry multi-mime bundles with JSON as objects, and update by display id", () => {
  const [shown] = ofType(seen.display_first, "display_data");
  assert.deepEqual(shown.content.data, { "text/plain": "v1", "application/json": { v: 1 } });
  assert.deepEqual(shown.content.transient, { display_id: "live" });
  const [updated] = ofType(seen.display_update, "update_display_data");
  assert.deepEqual(updated.content.data, { "text/plain": "v2", "application/json": { v: 2 } });
  assert.deepEqual(updated.content.transient, { display_id: "live" });
  assert.deepEqual(ofType(seen.display_update, "clear_output")[0].content, { wait: true });
});

test("SIGINT (interrupt_mode signal) stops blocking and awaited code, and the kernel keeps its state", () => {
  assert.equal(seen.interrupt_mode, "signal");
  for (const name of ["interrupt_blocking", "interrupt_async"]) {
    assert.equal(seen[name].reply!.status, "error", name);
    assert.equal(seen[name].reply!.ename, "Interrupted", name);
    assert.equal(ofType(seen[name], "error").length, 1, name);
  }
  assert.equal(ofType(seen.after_interrupt, "execute_result")[0].content.data["text/plain"], "42");
});

test("a runtime error has ename, evalue and a traceback at the cell's own lines; the next request runs", () => {
  const { reply } = seen.runtime_error;
  assert.equal(reply!.status, "error");
  assert.equal(reply!.ename, "TypeError");
  assert.equal(reply!.evalue, "bad 1");
  const count = reply!.execution_count;
  assert.ok(
    reply!.traceback.some((l: string) => l.includes(`at g (cell[${count}]:4)`)),
    reply!.traceback.join("\n"),
  );
  assert.ok(
    reply!.traceback.some((l: string) => l.includes(`cell[${count}]:6`)),
    "the call on line 6",
  );
  assert.deepEqual(ofType(seen.runtime_error, "error")[0].content, {
    ename: reply!.ename,
    evalue: reply!.evalue,
    traceback: reply!.traceback,
  });
  assert.equal(seen.after_error.reply!.status, "ok", "no abort window after an error");
  assert.equal(seen.after_error.reply!.execution_count, count + 1);
});

test("a type error stops the cell before it runs and points at its line and column", () => {
  const { reply } = seen.type_error;
  assert.equal(reply!.ename, "TypeScriptError");
  assert.match(
    reply!.evalue,
    /:3:7 - error TS2322: Type 'number' is not assignable to type 'string'/,
  );
  assert.equal(ofType(seen.type_error, "stream").length, 0, "nothing of the cell ran");
  assert.match(
    seen.after_type_error.reply!.evalue,
    /TS2304: Cannot find name 'n'/,
    "declarations of a rejected cell do not persist",
  );
});

test("results are util.inspect text without ANSI colours; Jupyter.display objects show their bundle; writes stream", () => {
  const text = ofType(seen.no_ansi, "execute_result")[0].content.data["text/plain"];
  assert.equal(text, "{ nested: { list: [ 1, 'two', null ], re: /x/g } }");
  assert.doesNotMatch(text, /\x1b\[/);
  assert.deepEqual(ofType(seen.jupyter_display, "execute_result")[0].content.data, {
    "text/html": "<i>custom</i>",
    "text/plain": "custom",
  });
  const streams = ofType(seen.stdout_write, "stream")
    .map((m) => m.content.text)
    .join("");
  assert.equal(streams, "raw write\nlog 1\n");
});
