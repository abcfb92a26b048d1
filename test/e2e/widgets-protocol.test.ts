/**
 * The Jupyter widget message protocol 2.1 through jupyter_client: test/e2e/widgets_protocol_checks.py plays the front
 * end and records every message; here each one is checked against the spec's shapes (ipywidgets packages/schema
 * messages.md, control protocol 1.0), and the kernel-side behaviour against what the cells did.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { installKernelspec, runPython } from "../kernel/helpers";

interface Observed {
  type: string;
  parent: string;
  metadata: Record<string, any>;
  content: Record<string, any>;
  buffers: number[][];
}
interface Exchange {
  msg_id: string;
  reply?: Record<string, any>;
  iopub: Observed[];
}
let seen: Record<string, Exchange> & { slider_id: string };

before(() => {
  const r = runPython(["widgets_protocol_checks.py"], installKernelspec());
  assert.equal(r.code, 0, r.stderr);
  seen = JSON.parse(r.stdout);
});

const ofType = (e: Exchange, type: string) => e.iopub.filter((m) => m.type === type);
const exchanges = () =>
  Object.entries(seen).filter((e): e is [string, Exchange] => typeof e[1] === "object");
const MODEL_KEYS = [
  "_model_module",
  "_model_module_version",
  "_model_name",
  "_view_module",
  "_view_module_version",
  "_view_name",
];

/** Every buffer path must point at a slot the buffer fills: a null in a list, a missing key in an object. */
function checkBufferPaths(state: any, paths: unknown, buffers: number[][], where: string) {
  assert.ok(Array.isArray(paths), `${where}: buffer_paths is a list`);
  assert.equal(buffers.length, paths.length, `${where}: one buffer per path`);
  for (const path of paths as Array<Array<string | number>>) {
    let obj = state;
    for (const k of path.slice(0, -1)) obj = obj[k];
    const last = path[path.length - 1];
    if (typeof last === "number")
      assert.equal(obj[last], null, `${where}: list slot ${path} is null`);
    else assert.ok(!(last in obj), `${where}: key ${path} is absent`);
  }
}

test("every widget message has the spec's shape", () => {
  let checked = 0;
  const widgetComms = new Set<string>();
  for (const [name, ex] of exchanges())
    for (const m of ex.iopub) {
      const where = `${name}: ${m.type}`;
      if (m.type === "comm_open") {
        assert.equal(m.content.target_name, "jupyter.widget", where);
        assert.deepEqual(m.metadata, { version: "2.1.0" }, where);
        assert.deepEqual(Object.keys(m.content.data).sort(), ["buffer_paths", "state"], where);
        for (const k of MODEL_KEYS) assert.ok(k in m.content.data.state, `${where}: ${k}`);
        checkBufferPaths(m.content.data.state, m.content.data.buffer_paths, m.buffers, where);
        widgetComms.add(m.content.comm_id);
        checked++;
      }
      if (m.type === "comm_msg" && m.content.comm_id !== "ctl-1") {
        const data = m.content.data;
        if (data.method === "custom")
          assert.deepEqual(Object.keys(data).sort(), ["content", "method"], where);
        else {
          assert.ok(["update", "echo_update"].includes(data.method), `${where}: ${data.method}`);
          assert.deepEqual(Object.keys(data).sort(), ["buffer_paths", "method", "state"], where);
          checkBufferPaths(data.state, data.buffer_paths, m.buffers, where);
        }
        checked++;
      }
      for (const bundle of [m.content.data].filter(() =>
        /execute_result|display_data/.test(m.type),
      ))
        if (bundle["application/vnd.jupyter.widget-view+json"]) {
          const view = bundle["application/vnd.jupyter.widget-view+json"];
          assert.deepEqual(Object.keys(view).sort(), [
            "model_id",
            "version_major",
            "version_minor",
          ]);
          assert.equal(view.version_major, 2);
          assert.equal(view.version_minor, 0);
          assert.ok(widgetComms.has(view.model_id), `${where}: the view names an opened model`);
          assert.equal(typeof bundle["text/plain"], "string", `${where}: text/plain fallback`);
          checked++;
        }
    }
  assert.ok(checked > 40, `checked ${checked} messages`);
});

test("models carry the names, modules and versions of controls 2.0, base 2.0 and output 1.0", () => {
  const opens = exchanges().flatMap(([, e]) => ofType(e, "comm_open"));
  const spec = (name: string) => {
    const s = opens.find((m) => m.content.data.state._model_name === name)!.content.data.state;
    return MODEL_KEYS.map((k) => s[k]);
  };
  const controls = "@jupyter-widgets/controls";
  const base = "@jupyter-widgets/base";
  assert.deepEqual(spec("IntSliderModel"), [
    controls,
    "2.0.0",
    "IntSliderModel",
    controls,
    "2.0.0",
    "IntSliderView",
  ]);
  assert.deepEqual(spec("LayoutModel"), [
    base,
    "2.0.0",
    "LayoutModel",
    base,
    "2.0.0",
    "LayoutView",
  ]);
  assert.deepEqual(spec("SliderStyleModel"), [
    controls,
    "2.0.0",
    "SliderStyleModel",
    base,
    "2.0.0",
    "StyleView",
  ]);
  const out = "@jupyter-widgets/output";
  assert.deepEqual(spec("OutputModel"), [out, "1.0.0", "OutputModel", out, "1.0.0", "OutputView"]);
  const slider = opens.find((m) => m.content.comm_id === seen.slider_id)!.content.data.state;
  assert.equal(slider.value, 3);
  assert.equal(slider.max, 10);
  assert.equal(slider.readout_format, "d", "state keys are snake_case on the wire");
  assert.match(slider.layout, /^IPY_MODEL_[0-9a-f]{32}$/);
});

test("a front-end update is echoed (echo_update, parent = that message), sets the value and fires observe", () => {
  const [echo] = ofType(seen.front_update, "comm_msg");
  assert.deepEqual(echo.content.data, {
    method: "echo_update",
    state: { value: 7 },
    buffer_paths: [],
  });
  assert.equal(echo.parent, seen.front_update.msg_id);
  assert.equal(ofType(seen.front_update, "comm_msg").length, 1, "no update back of the same value");
  assert.equal(
    ofType(seen.observed, "execute_result")[0].content.data["text/plain"],
    "[ 'value:3->7' ]",
  );
});

test("setting a property in the kernel sends an update of that key only; request_state sends all", () => {
  const [u] = ofType(seen.kernel_set, "comm_msg");
  assert.deepEqual(u.content.data, { method: "update", state: { value: 9 }, buffer_paths: [] });
  const [full] = ofType(seen.request_state, "comm_msg");
  assert.equal(full.content.data.method, "update");
  assert.equal(full.content.data.state.value, 9);
  for (const k of MODEL_KEYS) assert.ok(k in full.content.data.state, k);
});

test("custom messages go both ways with buffers", () => {
  const [out] = ofType(seen.custom, "comm_msg");
  assert.deepEqual(out.content.data, { method: "custom", content: { hello: "page" } });
  assert.deepEqual(out.buffers, [[9, 8]]);
  assert.equal(
    ofType(seen.custom_got, "execute_result")[0].content.data["text/plain"],
    "[\n  [ { ping: 1 }, [ [ 1, 2 ] ] ]\n]",
  );
});

test("binary buffers: nested values leave the state at their paths, and come back in", () => {
  const open = ofType(seen.binary, "comm_open")[0];
  assert.deepEqual(open.content.data.state.data, { shape: [2] });
  assert.deepEqual(open.content.data.state.list, [null, 4]);
  assert.deepEqual(open.content.data.buffer_paths, [
    ["data", "bytes"],
    ["list", 0],
  ]);
  assert.deepEqual(open.buffers, [[1, 2], [3]]);
  const [echo] = ofType(seen.binary_in, "comm_msg");
  assert.deepEqual(echo.content.data.buffer_paths, [["list", 0]]);
  assert.deepEqual(echo.buffers, [[7, 7]]);
  assert.equal(ofType(seen.binary_got, "execute_result")[0].content.data["text/plain"], "[ 7, 7 ]");
});

test("a click runs the callback; the Output's msg_id names the click while it runs", () => {
  const msgs = seen.click.iopub;
  const updates = msgs.filter((m) => m.type === "comm_msg").map((m) => m.content.data.state);
  assert.deepEqual(updates, [{ msg_id: seen.click.msg_id }, { msg_id: "" }]);
  assert.deepEqual(
    msgs.map((m) => m.type),
    ["comm_msg", "stream", "display_data", "comm_msg"],
    "the outputs come between setting and clearing msg_id",
  );
  assert.ok(msgs.every((m) => m.parent === seen.click.msg_id));
});

test("selections sync the index; the kernel keeps options and value", () => {
  const open = ofType(seen.dropdown, "comm_open").find(
    (m) => m.content.data.state._model_name === "DropdownModel",
  )!;
  assert.deepEqual(open.content.data.state._options_labels, ["a", "b", "c"]);
  assert.equal(open.content.data.state.index, 1);
  assert.ok(!("value" in open.content.data.state) && !("options" in open.content.data.state));
  assert.deepEqual(ofType(seen.dropdown, "comm_msg")[0].content.data.state, { index: 2 });
  assert.equal(ofType(seen.dropdown_value, "execute_result")[0].content.data["text/plain"], "'a'");
});

test("link keeps values equal; interact reruns into its Output on a front-end change", () => {
  const result = ofType(seen.link_interact, "execute_result")[0].content.data["text/plain"];
  assert.match(result, /^\[ 5, '[0-9a-f]{32}' \]$/);
  const types = seen.interact_in.iopub.map((m) => m.type);
  assert.deepEqual(types, ["comm_msg", "comm_msg", "clear_output", "stream", "comm_msg"]);
  assert.equal(ofType(seen.interact_in, "stream")[0].content.text, "k=6\n");
});

test("control comm: request_states answers update_states with every live model; closed ones leave", () => {
  const [reply] = ofType(seen.control_states, "comm_msg");
  const data = reply.content.data;
  assert.deepEqual(Object.keys(data).sort(), ["buffer_paths", "method", "states"]);
  assert.equal(data.method, "update_states");
  for (const s of Object.values<any>(data.states)) {
    assert.deepEqual(Object.keys(s).sort(), [
      "model_module",
      "model_module_version",
      "model_name",
      "state",
    ]);
    assert.equal(s.state._model_name, s.model_name);
  }
  assert.equal(data.states[seen.slider_id].state.value, 9);
  checkBufferPaths(data.states, data.buffer_paths, reply.buffers, "update_states");
  assert.equal(ofType(seen.close, "comm_close")[0].content.comm_id, seen.slider_id);
  const after = ofType(seen.control_after_close, "comm_msg")[0].content.data.states;
  assert.ok(!(seen.slider_id in after), "a closed widget is gone from update_states");
  assert.equal(Object.keys(after).length, Object.keys(data.states).length - 1);
});
