"""Drives imagenot-lab/jupyter-widgets in the imagenot-ts kernel with jupyter_client, playing the front end of the
Jupyter widget message protocol 2.1, and prints every message it observed as JSON (header type, parent msg_id,
metadata, content, buffers). test/e2e/widgets-protocol.test.ts makes the assertions. JUPYTER_PATH must hold the
kernelspec.
"""
import json
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60
km, kc = start_new_kernel(kernel_name="imagenot-ts")
out = {}


def record(msg):
    return {
        "type": msg["msg_type"],
        "parent": msg["parent_header"].get("msg_id"),
        "metadata": msg["metadata"],
        "content": msg["content"],
        "buffers": [list(bytes(b)) for b in msg.get("buffers", [])],
    }


def collect_until_idle(msg_id):
    """iopub messages whose parent is msg_id, up to its idle status."""
    msgs = []
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return msgs
            continue
        msgs.append(record(msg))
    raise TimeoutError(f"no idle for {msg_id}")


def execute(code):
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    return {"msg_id": msg_id, "reply": reply["content"], "iopub": collect_until_idle(msg_id)}


def send_comm(msg_type, content, buffers=None):
    msg = kc.session.msg(msg_type, content)
    kc.session.send(kc.shell_channel.socket, msg, buffers=buffers or [])
    return {"msg_id": msg["header"]["msg_id"], "iopub": collect_until_idle(msg["header"]["msg_id"])}


def comm_id_of(exchange, model_name):
    for m in exchange["iopub"]:
        if m["type"] == "comm_open" and m["content"]["data"]["state"]["_model_name"] == model_name:
            return m["content"]["comm_id"]
    raise KeyError(model_name)


out["create"] = execute(
    'import * as w from "imagenot-lab/jupyter-widgets";\n'
    "const seen: string[] = [];\n"
    'const s = new w.IntSlider({ value: 3, max: 10, description: "k" });\n'
    's.observe("value", (c) => seen.push(`${c.name}:${c.old}->${c.new}`));\n'
    "s"
)
slider = comm_id_of(out["create"], "IntSliderModel")

out["front_update"] = send_comm(
    "comm_msg", {"comm_id": slider, "data": {"method": "update", "state": {"value": 7}, "buffer_paths": []}}
)
out["observed"] = execute("seen")
out["kernel_set"] = execute("s.value = 9;")
out["request_state"] = send_comm("comm_msg", {"comm_id": slider, "data": {"method": "request_state"}})

out["custom"] = execute(
    "const got: unknown[] = [];\n"
    "s.onCustom((content, buffers) => got.push([content, buffers.map((b) => [...b])]));\n"
    's.send({ hello: "page" }, [new Uint8Array([9, 8])]);'
)
out["custom_in"] = send_comm(
    "comm_msg", {"comm_id": slider, "data": {"method": "custom", "content": {"ping": 1}}}, [b"\x01\x02"]
)
out["custom_got"] = execute("got")

out["binary"] = execute(
    "const d = new w.WidgetModel(\n"
    '  { modelName: "DataModel", modelModule: "test", modelModuleVersion: "1.0.0",\n'
    '    viewName: null, viewModule: "test", viewModuleVersion: "1.0.0" },\n'
    "  { data: { shape: [2], bytes: new Uint8Array([1, 2]) }, list: [new Uint8Array([3]), 4] },\n"
    ");"
)
data_model = comm_id_of(out["binary"], "DataModel")
out["binary_in"] = send_comm(
    "comm_msg",
    {"comm_id": data_model, "data": {"method": "update", "state": {"list": [None, 5]}, "buffer_paths": [["list", 0]]}},
    [b"\x07\x07"],
)
out["binary_got"] = execute("[...(d.get(\"list\") as [Uint8Array, number])[0]]")

out["button"] = execute(
    'const b = new w.Button({ description: "go" });\n'
    "const o = new w.Output();\n"
    'import { display } from "imagenot-lab/kernel";\n'
    'b.onClick(() => o.capture(() => { console.log("clicked"); display.text("shown"); }));\n'
    "b"
)
button = comm_id_of(out["button"], "ButtonModel")
out["click"] = send_comm("comm_msg", {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}})

out["dropdown"] = execute(
    'const dd = new w.Dropdown({ options: ["a", "b", "c"], value: "b" });\n'
    'dd.value = "c";\n'
    "dd"
)
dropdown = comm_id_of(out["dropdown"], "DropdownModel")
out["dropdown_in"] = send_comm(
    "comm_msg", {"comm_id": dropdown, "data": {"method": "update", "state": {"index": 0}, "buffer_paths": []}}
)
out["dropdown_value"] = execute("dd.value")

out["link_interact"] = execute(
    "const a = new w.IntSlider({ value: 1 });\n"
    "const c = new w.IntSlider({ value: 2 });\n"
    'w.link(a, "value", c, "value");\n'
    "a.value = 5;\n"
    'const it = w.interact(({ k }) => console.log(`k=${k}`), { k: new w.IntSlider({ value: 4 }) });\n'
    "[c.value, it.output.modelId]"
)
k_slider = None
for m in out["link_interact"]["iopub"]:
    if m["type"] == "comm_open" and m["content"]["data"]["state"].get("value") == 4:
        k_slider = m["content"]["comm_id"]
out["interact_in"] = send_comm(
    "comm_msg", {"comm_id": k_slider, "data": {"method": "update", "state": {"value": 6}, "buffer_paths": []}}
)

out["control_open"] = send_comm("comm_open", {"comm_id": "ctl-1", "target_name": "jupyter.widget.control", "data": {}})
out["control_states"] = send_comm("comm_msg", {"comm_id": "ctl-1", "data": {"method": "request_states"}})

out["close"] = execute("s.close(); s.isOpen")
out["control_after_close"] = send_comm("comm_msg", {"comm_id": "ctl-1", "data": {"method": "request_states"}})
out["slider_id"] = slider

kc.stop_channels()
km.shutdown_kernel(now=True)
print(json.dumps(out))
