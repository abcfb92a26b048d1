"""Drives the imagenot-ts kernel with jupyter_client (as Jupyter does) and prints what it observed, as JSON.

Scenarios: comms opened by the kernel and by the front end (with binary buffers), display updates, interrupts of
blocking and of awaited code (by SIGINT when the kernel named in argv[1] has interrupt_mode "signal"), runtime
errors, type errors, and a request right after an error. The node test test/e2e/kernel-client.test.ts makes the
assertions; this script only records. JUPYTER_PATH must hold the kernelspec.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

import kernel_messages

TIMEOUT = 60
km, kc = start_new_kernel(kernel_name=sys.argv[1] if len(sys.argv) > 1 else "imagenot-ts")
out = {"interrupt_mode": km.kernel_spec.interrupt_mode}


def collect_until_idle(msg_id):
    return kernel_messages.collect_until_idle(kc, msg_id, TIMEOUT)


def get_reply(msg_id):
    return kernel_messages.get_reply(kc, msg_id, TIMEOUT)


def execute(code, stop_on_error=True):
    msg_id = kc.execute(code, stop_on_error=stop_on_error)
    return {"reply": get_reply(msg_id), "iopub": collect_until_idle(msg_id)}


def send_comm(msg_type, content, buffers=None):
    msg = kc.session.msg(msg_type, content)
    kc.session.send(kc.shell_channel.socket, msg, buffers=buffers or [])
    return {"iopub": collect_until_idle(msg["header"]["msg_id"])}


def shell_request(msg_type, content):
    msg = kc.session.msg(msg_type, content)
    kc.shell_channel.send(msg)
    reply = get_reply(msg["header"]["msg_id"])
    collect_until_idle(msg["header"]["msg_id"])
    return reply


# Kernel -> front end: a comm opened in a cell, answered by the front end.
out["kernel_comm_open"] = execute(
    'import { comms, display, clearOutput } from "imagenot-lab/kernel";\n'
    'const c = comms.open("frontend-target", { hello: 1 }, [new Uint8Array([1, 2, 3])]);\n'
    'c.onMsg((m) => c.send({ got: m.data, sizes: m.buffers.map((b) => b.length) }, m.buffers));\n'
    'c.onClose((m) => console.log("closed by the front end", JSON.stringify(m.data)));\n'
    'c.commId'
)
comm_id = next(m["content"]["comm_id"] for m in out["kernel_comm_open"]["iopub"] if m["type"] == "comm_open")
out["comm_info"] = shell_request("comm_info_request", {})
out["kernel_comm_reply"] = send_comm("comm_msg", {"comm_id": comm_id, "data": {"ping": 2}}, [b"\x05\x06"])
out["kernel_comm_closed"] = send_comm("comm_close", {"comm_id": comm_id, "data": {"reason": "done"}})
out["comm_info_after_close"] = shell_request("comm_info_request", {})

# Front end -> kernel: a target registered in a cell, opened and driven by the front end.
out["register_target"] = execute(
    'comms.registerTarget("kernel-target", (comm, open) => {\n'
    '  comm.send({ opened: open.data, buffers: open.buffers.length });\n'
    '  comm.onMsg((m) => { if ((m.data as any).close) comm.close({ bye: true }); else comm.send({ echo: m.data }, m.buffers); });\n'
    '});'
)
out["frontend_open"] = send_comm("comm_open", {"comm_id": "fe-1", "target_name": "kernel-target", "data": {"x": 1}}, [b"abc"])
out["frontend_msg"] = send_comm("comm_msg", {"comm_id": "fe-1", "data": {"y": 2}}, [b"\x00\xff"])
out["frontend_close_request"] = send_comm("comm_msg", {"comm_id": "fe-1", "data": {"close": True}})
out["unknown_target"] = send_comm("comm_open", {"comm_id": "fe-2", "target_name": "nobody-listens", "data": {}})

# Displays: shown in one cell, updated from the next; clear_output with wait.
out["display_first"] = execute('display.bundle({ "text/plain": "v1", "application/json": { v: 1 } }, { displayId: "live" });')
out["display_update"] = execute('display.update("live", { "text/plain": "v2", "application/json": { v: 2 } });\nclearOutput(true);')

# Interrupts: SIGINT stops blocking code and awaited code; the kernel lives on and keeps its variables.
execute("let before = 41;")
msg_id = kc.execute("while (true) {}")
time.sleep(1.5)
km.interrupt_kernel()
out["interrupt_blocking"] = {"reply": get_reply(msg_id), "iopub": collect_until_idle(msg_id)}
msg_id = kc.execute("await new Promise(() => {});")
time.sleep(1.0)
km.interrupt_kernel()
out["interrupt_async"] = {"reply": get_reply(msg_id), "iopub": collect_until_idle(msg_id)}
out["after_interrupt"] = execute("before + 1")

# Errors: a runtime error deep in a function, then a request sent right behind it (no abort with stop_on_error false).
first = kc.execute("const a = 1;\n\nfunction g(): number {\n  throw new TypeError('bad ' + a);\n}\ng();", stop_on_error=False)
second = kc.execute("'runs right after'", stop_on_error=False)
replies = {}
for _ in range(2):
    r = kc.get_shell_msg(timeout=TIMEOUT)
    replies[r["parent_header"]["msg_id"]] = r["content"]
out["runtime_error"] = {"reply": replies[first], "iopub": collect_until_idle(first)}
out["after_error"] = {"reply": replies[second], "iopub": collect_until_idle(second)}

# Type errors: reported with the line and column of the cell, nothing runs, the kernel goes on.
out["type_error"] = execute('console.log("must not print");\nconst n: number = 1;\nconst s: string = n;')
out["after_type_error"] = execute("n")
out["no_ansi"] = execute('({ nested: { list: [1, "two", null], re: /x/g } })')
out["jupyter_display"] = execute('({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<i>custom</i>", "text/plain": "custom" }; } })')
out["stdout_write"] = execute('process.stdout.write("raw write\\n"); console.log("log", 1);')

kc.stop_channels()
km.shutdown_kernel(now=False)
json.dump(out, sys.stdout)
