"""Drives the imagenot-ts kernel with jupyter_client in interrupt_mode "message" and prints what it observed, as JSON.

Scenarios: stdin (input and password answered by this client; refused without allow_stdin), user_expressions,
interrupt_request on the control channel (blocking and awaited code), rich values as a cell's last value and
through display(), registerFormatter, completion and inspection. test/e2e/kernel-interactive.test.ts asserts.
Usage: kernel_interactive_checks.py KERNEL_NAME RUN_DIR SCRATCH (RUN_DIR: a run folder whose run.json is shown;
SCRATCH: an empty folder for the cells' own runs). JUPYTER_PATH must hold the kernelspec.
"""
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

import kernel_messages

TIMEOUT = kernel_messages.TIMEOUT
kernel_name, run_dir, scratch = sys.argv[1:4]
km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=TIMEOUT)
out = {"interrupt_mode": km.kernel_spec.interrupt_mode}


def collect_until_idle(msg_id):
    return kernel_messages.collect_until_idle(kc, msg_id)


def get_reply(msg_id):
    return kernel_messages.get_reply(kc, msg_id)


def finish(msg_id):
    return {"reply": get_reply(msg_id), "iopub": collect_until_idle(msg_id)}


def execute(code, **kw):
    return finish(kc.execute(code, **kw))


# stdin: the kernel asks twice; this client answers each input_request as a front end would.
msg_id = kc.execute(
    'import { input, password, display, registerFormatter, interruptSignal } from "imagenot-lab/kernel";\n'
    'console.log("before asking");\n'
    'const who = await input("Your name? ");\n'
    'const secret = await password("Token: ");\n'
    '`${who} gave ${secret.length} characters`',
    allow_stdin=True,
)
out["stdin_requests"] = []
for answer in ["Ada", "s3cr3t"]:
    req = kc.get_stdin_msg(timeout=TIMEOUT)
    out["stdin_requests"].append({"type": req["msg_type"], "content": req["content"],
                                  "parent": req["parent_header"].get("msg_id") == msg_id})
    kc.input(answer)
out["stdin"] = finish(msg_id)
started = time.time()
out["no_stdin"] = execute('const late = await input("Anyone? ");', allow_stdin=False)
out["no_stdin_seconds"] = time.time() - started

# user_expressions: evaluated after the cell, in its scope; each ok (a bundle) or error.
out["user_expressions"] = execute(
    "const xs = [3, 1, 2];",
    user_expressions={"sum": "xs.reduce((a, b) => a + b, 0)", "map": "new Map([['k', xs.length]])",
                      "thrown": "(xs as any).nope()", "typo": "xz.length"},
)
out["user_expressions_after_error"] = execute("throw new Error('cell failed')", user_expressions={"sum": "1 + 1"})

# Interrupts arrive as interrupt_request on the control channel (interrupt_mode "message").
execute("let kept = 41;")
for name, code in [("interrupt_blocking", "while (true) {}"), ("interrupt_async", "await new Promise(() => {});")]:
    msg_id = kc.execute(code)
    time.sleep(1.5)
    started = time.time()
    km.interrupt_kernel()
    out[name] = finish(msg_id)
    out[name + "_seconds"] = time.time() - started
# The interrupted cell's signal is aborted, for awaited work that stops between steps.
execute("let lastSignal: AbortSignal | undefined;")
msg_id = kc.execute("lastSignal = interruptSignal();\nawait new Promise(() => {});")
time.sleep(1.0)
km.interrupt_kernel()
finish(msg_id)
out["signal_aborted"] = execute("lastSignal!.aborted")
out["after_interrupt"] = execute("kept + 1")

# Rich values: built-in formatters (duck-typed in kernel/), widgets' (figure, run record), a notebook's own.
out["imports"] = execute(
    'import * as tf from "@tensorflow/tfjs";\nimport * as dfd from "danfojs-node";\nimport sharp from "sharp";\n'
    'import { readRunRecord, train } from "imagenot-lab";\nimport "imagenot-lab/widgets";\nawait tf.setBackend("cpu");')
values = {
    "tensor": "tf.tensor2d([[1, 2.5], [3, 4]])",
    "big_tensor": "tf.range(0, 1200).reshape([3, 20, 20])",
    "frame": "new dfd.DataFrame({ n: [...Array(30).keys()], sq: [...Array(30).keys()].map((i) => i * i) })",
    "series": "new dfd.Series([1.5, 2, 3], { index: ['a', 'b', 'c'] })",
    "sharp": "sharp({ create: { width: 5, height: 3, channels: 3, background: '#ff0000' } })",
    "png": "await sharp({ create: { width: 2, height: 4, channels: 4, background: '#00ff00' } }).png().toBuffer()",
    "jpeg": "await sharp({ create: { width: 6, height: 2, channels: 3, background: '#0000ff' } }).jpeg().toBuffer()",
    "map": "new Map<string, number>([['a', 1], ['b', 2]])",
    "set": "new Set([...Array(25).keys()])",
    "typed": "Float32Array.from({ length: 1000 }, (_, i) => i / 2)",
    "figure": "({ data: [{ type: 'bar', x: ['a', 'b'], y: [1, 2] }], layout: { title: { text: 'bars' } } })",
    "run_record": f"readRunRecord({json.dumps(run_dir)})",
    "plain_object": "({ a: 1 })",
}
out["values"] = {k: execute(code) for k, code in values.items()}
out["custom"] = execute(
    "class Celsius { constructor(readonly degrees: number) {} }\n"
    "registerFormatter((v) => v instanceof Celsius, (c: Celsius) => ({ 'text/html': `<b>${c.degrees} °C</b>` }));\n"
    "new Celsius(21)"
)
out["display_value"] = execute("await display(tf.tensor1d([7, 8]));\ndisplay(new Set(['x']));")

# Completion and inspection from the cells' types.
execute("const settings = { learningRate: 0.1, epochs: 3 };\nimport { kendallTauB } from 'imagenot-lab';")
code = "settings.le"
msg_id = kc.complete(code, len(code))
out["complete"] = get_reply(msg_id)
code = "kendallTauB([1, 2], [2, 1])"
msg_id = kc.inspect(code, 4)
out["inspect"] = get_reply(msg_id)

# Training interrupted after its first epoch: the run folder keeps its checkpoint, and the same call resumes it.
# The trainer's awaits never yield to the event loop, so the cell checks its interrupt signal at every step.
# After its first epoch the cell waits (at most 60 s) for the interrupt, so a fast machine cannot finish all 12
# epochs before the interrupt lands. That wait blocks the kernel's event loop, so nothing the cell prints goes
# out before it ends: this waits instead for the first epoch's checkpoint, which the trainer writes (to a
# .tmp- folder, then renamed) before onEpoch.
run_out = scratch + "/interrupted"


def has_checkpoint():
    folder = run_out + "/checkpoints"
    return os.path.isdir(folder) and any(".tmp-" not in name for name in os.listdir(folder))


execute(
    "import { readdirSync } from 'node:fs';\n"
    f"const runOut = {json.dumps(run_out)};\n"
    "const runConfig = () => ({\n"
    "  arch: 'tiny', dataset: 'mnist', limitTrain: 256, limitTest: 64, epochs: 12, batchSize: 32, lr: 0.01,\n"
    "  backend: 'cpu' as const, out: runOut, progress: false, resume: true,\n"
    "  model: tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10 })] }),\n"
    "});"
)
msg_id = kc.execute(
    "const stop = interruptSignal();\n"
    "const pause = new Int32Array(new SharedArrayBuffer(4));\n"
    "const awaitInterrupt = () => { const until = Date.now() + 60_000; while (!stop.aborted && Date.now() < until) Atomics.wait(pause, 0, 0, 5); };\n"
    "await train({ ...runConfig(), onProgress: () => stop.throwIfAborted(),\n"
    "  onEpoch: (m) => { if (m.epoch === 1) awaitInterrupt(); } });"
)
deadline = time.time() + TIMEOUT
while not has_checkpoint():
    if time.time() > deadline:
        raise TimeoutError(f"no checkpoint in {run_out} after {TIMEOUT} s")
    time.sleep(0.05)
km.interrupt_kernel()
out["train_interrupted"] = finish(msg_id)
out["train_left"] = execute(
    "({ checkpoints: readdirSync(`${runOut}/checkpoints`).length, status: readRunRecord(runOut).status, "
    "epochs: readRunRecord(runOut).metrics.length })"
)
out["train_resumed"] = execute(
    "const resumed = await train(runConfig());\n"
    "({ status: resumed.status, epochs: resumed.metrics.length, resumes: resumed.resumedAt.length })"
)

kc.stop_channels()
km.shutdown_kernel(now=False)
json.dump(out, sys.stdout)
