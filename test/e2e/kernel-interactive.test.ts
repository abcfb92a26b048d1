/**
 * jupyter_client drives the kernel (its kernelspec has interrupt_mode "message"): stdin input requests answered
 * by the client, user_expressions, interrupt_request on the control channel (a training cell included), rich
 * values and the formatter table, completion and inspection (test/e2e/kernel_interactive_checks.py records; the
 * expectations come from the spec and the cells).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernelspec, runPython } from "../kernel/helpers";
import { python } from "../helpers/python";

interface Observed {
  type: string;
  content: Record<string, any>;
}
interface Exchange {
  reply: Record<string, any>;
  iopub: Observed[];
}
let seen: Record<string, any>;
/** A shipped run record, shown as a cell's value; its summary is checked against the file itself. */
const RUN = join(__dirname, "..", "..", "data", "runs", "mnist", "resnet152", "seed0");
const runs = mkdtempSync(join(tmpdir(), "imagenot-kernel-runs-"));

before(() => {
  const jupyterPath = installKernelspec();
  const r = runPython(["kernel_interactive_checks.py", "imagenot-ts", RUN, runs], jupyterPath);
  assert.equal(r.code, 0, r.stderr);
  seen = JSON.parse(r.stdout);
});
after(() => rmSync(runs, { recursive: true, force: true }));

const ofType = (e: Exchange, type: string) => e.iopub.filter((m) => m.type === type);
const result = (e: Exchange) => {
  assert.equal(e.reply.status, "ok", JSON.stringify(e.reply));
  return ofType(e, "execute_result")[0].content.data as Record<string, any>;
};

test("input and password send input_request on stdin and return the client's input_reply", () => {
  assert.deepEqual(
    seen.stdin_requests.map((r: any) => [r.type, r.content, r.parent]),
    [
      ["input_request", { prompt: "Your name? ", password: false }, true],
      ["input_request", { prompt: "Token: ", password: true }, true],
    ],
  );
  assert.equal(ofType(seen.stdin, "stream")[0].content.text, "before asking\n");
  assert.equal(result(seen.stdin)["text/plain"], "'Ada gave 6 characters'");
});

test("without allow_stdin, input fails at once with a reason", () => {
  const { reply } = seen.no_stdin;
  assert.equal(reply.status, "error");
  assert.match(
    reply.evalue,
    /input\("Anyone\? "\): this front end takes no input.*allow_stdin: false/,
  );
  assert.ok(seen.no_stdin_seconds < 10, `took ${seen.no_stdin_seconds} s`);
});

test("user_expressions are evaluated in the cell's scope: bundles when ok, ename/evalue/traceback when not", () => {
  const ux = seen.user_expressions.reply.user_expressions;
  assert.deepEqual(ux.sum, { status: "ok", data: { "text/plain": "6" }, metadata: {} });
  assert.equal(ux.map.status, "ok");
  assert.match(ux.map.data["text/html"], /<table/);
  assert.equal(ux.thrown.status, "error");
  assert.equal(ux.thrown.ename, "TypeError");
  assert.equal(ux.thrown.evalue, "xs.nope is not a function");
  assert.ok(ux.thrown.traceback.length > 0);
  assert.equal(ux.typo.status, "error");
  assert.match(ux.typo.evalue, /Cannot find name 'xz'/);
  assert.deepEqual(seen.user_expressions_after_error.reply.user_expressions, {});
});

test("interrupt_request on the control channel stops blocking and awaited code; the kernel lives on", () => {
  assert.equal(seen.interrupt_mode, "message");
  for (const name of ["interrupt_blocking", "interrupt_async"]) {
    assert.equal(seen[name].reply.ename, "Interrupted", name);
    assert.equal(ofType(seen[name], "error").length, 1, name);
    assert.ok(seen[`${name}_seconds`] < 5, `${name}: ${seen[`${name}_seconds`]} s`);
  }
  assert.equal(result(seen.signal_aborted)["text/plain"], "true");
  assert.equal(result(seen.after_interrupt)["text/plain"], "42");
});

const mimes = (name: string) => Object.keys(result(seen.values[name])).sort();

test("tensors show dtype, shape and a truncated table", () => {
  const small = result(seen.values.tensor);
  assert.deepEqual(Object.keys(small).sort(), ["text/html", "text/plain"]);
  assert.equal(small["text/plain"], "Tensor float32 [2, 2]\n   0    1\n0  1  2.5\n1  3    4");
  const big = result(seen.values.big_tensor);
  assert.match(big["text/plain"], /^Tensor float32 \[3, 20, 20\]/);
  assert.match(big["text/plain"], /\n *… /, "rows elided");
  assert.match(big["text/html"], /<th>2,19<\/th>/, "the last row, labelled by its index");
  assert.ok((big["text/html"].match(/<tr>/g) ?? []).length <= 12);
});

test("DataFrames and Series show an HTML table with the index, head and tail", () => {
  const frame = result(seen.values.frame);
  assert.deepEqual(mimes("frame"), ["text/html", "text/plain"]);
  assert.match(frame["text/plain"], /^DataFrame: 30 rows × 2 columns/);
  assert.match(frame["text/html"], /<th>4<\/th><td>4<\/td><td>16<\/td>/);
  assert.match(frame["text/html"], /<th>…<\/th>/);
  assert.match(frame["text/html"], /<th>29<\/th><td>29<\/td><td>841<\/td>/);
  assert.doesNotMatch(frame["text/html"], /<th>15<\/th>/);
  const series = result(seen.values.series);
  assert.match(series["text/html"], /<th>b<\/th><td>2<\/td>/);
});

test("sharp images and PNG/JPEG bytes show as images of the right size", () => {
  assert.deepEqual(mimes("sharp"), ["image/png", "text/plain"]);
  assert.deepEqual(mimes("png"), ["image/png", "text/plain"]);
  assert.deepEqual(mimes("jpeg"), ["image/jpeg", "text/plain"]);
  const size = (mime: string, name: string) =>
    python<number[]>(
      "import base64, io\nfrom PIL import Image\nprint(json.dumps(list(Image.open(io.BytesIO(base64.b64decode(INPUT))).size)))",
      result(seen.values[name])[mime],
    );
  assert.deepEqual(size("image/png", "sharp"), [5, 3]);
  assert.deepEqual(size("image/png", "png"), [2, 4]);
  assert.deepEqual(size("image/jpeg", "jpeg"), [6, 2]);
});

test("Maps, Sets and typed arrays read as text; plain objects stay util.inspect", () => {
  assert.equal(result(seen.values.map)["text/plain"], 'Map(2)\nkey  value\n"a"      1\n"b"      2');
  assert.equal(
    result(seen.values.set)["text/plain"],
    "Set(25) {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, … 5 more}",
  );
  assert.equal(
    result(seen.values.typed)["text/plain"],
    "Float32Array(1000) [0, 0.5, 1, 1.5, 2, …, 497.5, 498, 498.5, 499, 499.5]\nmin 0, max 499.5, mean 249.8",
  );
  assert.deepEqual(result(seen.values.plain_object), { "text/plain": "{ a: 1 }" });
});

test("figures and run records show through widgets' formatters", () => {
  const plotly = "application/vnd.plotly.v1+json";
  assert.deepEqual(mimes("figure"), [plotly, "text/html", "text/plain"]);
  assert.equal(result(seen.values.figure)[plotly].layout.title.text, "bars");
  const run = result(seen.values.run_record);
  const record = JSON.parse(readFileSync(join(RUN, "run.json"), "utf8"));
  const epochs = record.metrics.length;
  assert.deepEqual(mimes("run_record"), [plotly, "text/html", "text/plain"]);
  assert.ok(
    run["text/plain"].startsWith(
      `resnet152 on mnist, seed 0: ${epochs} epochs (complete), test accuracy ${record.finalTestAcc.toFixed(3)}`,
    ),
    run["text/plain"],
  );
  assert.ok(
    run[plotly].data.some((t: any) => t.x.length === epochs && t.name === "resnet152-seed0"),
  );
});

test("a notebook's own formatter, and display(value), use the same table", () => {
  assert.deepEqual(result(seen.custom), {
    "text/html": "<b>21 °C</b>",
    "text/plain": "Celsius { degrees: 21 }",
  });
  const shown = ofType(seen.display_value, "display_data").map((m) => m.content.data);
  assert.match(shown[0]["text/plain"], /^Tensor float32 \[2\]/);
  assert.deepEqual(shown[1], { "text/plain": 'Set(1) {"x"}' });
});

test("completion offers an earlier cell's members; inspection shows a project function's doc line", () => {
  assert.deepEqual(seen.complete.matches, ["learningRate"]);
  assert.equal(seen.complete.cursor_start, "settings.".length);
  assert.equal(seen.inspect.found, true);
  assert.match(
    seen.inspect.data["text/plain"],
    /kendallTauB\(x: ArrayLike<number>, y: ArrayLike<number>\): number[\s\S]*Kendall's tau-b \(ties adjusted, as scipy\.stats\.kendalltau\)/,
  );
});

test("a training cell interrupted after its first epoch leaves a checkpoint that the same call resumes", () => {
  assert.equal(seen.train_interrupted.reply.ename, "Interrupted");
  const left = result(seen.train_left)["text/plain"];
  const [, checkpoints, status, epochs] = /checkpoints: (\d+), status: '(\w+)', epochs: (\d+)/.exec(
    left,
  )!;
  assert.ok(Number(checkpoints) >= 1, left);
  assert.equal(status, "running", "the run stopped before its last epoch");
  assert.equal(
    Number(epochs),
    1,
    `the interrupt came while the cell waited after epoch 1: ${left}`,
  );
  assert.equal(
    result(seen.train_resumed)["text/plain"],
    "{ status: 'complete', epochs: 12, resumes: 1 }",
  );
});
