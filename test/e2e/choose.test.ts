/** `imagenot-lab choose` end to end on a tiny folder the test writes (3 classes of PNGs from the built-in
 * Fashion-MNIST, one unreadable file), its report opened in real Chromium, and bad input refused. */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeExampleFolder } from "../../src/choose/example-folder";
import { runCli } from "../helpers/cli";
import { startBrowser } from "./widgets-browser";

const root = mkdtempSync(join(tmpdir(), "imagenot-choose-"));
after(() => rmSync(root, { recursive: true, force: true }));

const CANDIDATE_KEYS = [
  "arch",
  "accuracy",
  "accuracy_interval",
  "params",
  "macs",
  "latency_ms",
  "train_img_per_s",
  "benchmark_rank",
];

test("choose on a tiny folder: --json shape, the report in Chromium, the unreadable file reported", async () => {
  const dir = join(root, "tiny");
  await writeExampleFolder(dir, { classes: ["trouser", "bag", "sneaker"], perClass: 12 });
  writeFileSync(join(dir, "bag", "broken.png"), "not a png");
  const out = join(root, "out");
  const started = Date.now();
  const r = runCli([
    "choose",
    "--data",
    `folder:${dir}`,
    "--candidates",
    "alexnet,vgg19",
    "--quick",
    "--epochs",
    "1",
    "--budget-ms",
    "1000",
    "--out",
    out,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr.slice(-3000));
  process.stderr.write(`choose took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  assert.match(r.stderr, /skipped .*broken\.png: unreadable image header/);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(
    json.candidates.map((c: Record<string, unknown>) => Object.keys(c)),
    [CANDIDATE_KEYS, CANDIDATE_KEYS],
  );
  assert.deepEqual(
    json.candidates.map((c: { arch: string }) => c.arch),
    ["alexnet", "vgg19"],
  );
  for (const c of json.candidates) {
    assert.ok(c.accuracy >= 0 && c.accuracy <= 1);
    assert.ok(c.accuracy_interval[0] <= c.accuracy && c.accuracy <= c.accuracy_interval[1]);
    assert.ok(c.params > 100_000 && c.macs > 1e6 && c.latency_ms > 0 && c.train_img_per_s > 0);
  }
  assert.deepEqual(
    json.candidates.map((c: { benchmark_rank: number }) => c.benchmark_rank),
    [9, 8],
  );
  assert.ok(["alexnet", "vgg19"].includes(json.recommendation));
  assert.ok(json.tau_b === null || (json.tau_b >= -1 && json.tau_b <= 1));

  const record = JSON.parse(readFileSync(join(out, "decision.json"), "utf8"));
  assert.equal(record.data.classes.length, 3);
  assert.equal(record.data.train_count + record.data.test_count, 36);

  const browser = await startBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(json.report).href);
    await page.waitForFunction(
      () => document.querySelectorAll(".imagenot-figure.js-plotly-plot").length === 1,
    );
    const rows = await page.locator("table").first().locator("tbody tr").count();
    assert.equal(rows, 3, "two candidates and the from-scratch baseline");
    const text = await page.locator("body").innerText();
    assert.match(text, /Recommendation: (AlexNet|VGG-19)/);
    assert.match(text, /Next step/);
    assert.match(text, /broken\.png/);
    assert.match(text, /imagenot-lab choose --data folder:/);
    assert.equal((await page.locator(".imagenot-figure .scatterlayer .point").count()) >= 2, true);
    assert.deepEqual(browser.errors, []);
    assert.deepEqual(browser.networkRequests, []);
  } finally {
    await browser.close();
  }
});

test("choose refuses bad input with exit code 2 and a one-line reason", async () => {
  const empty = join(root, "empty");
  mkdirSync(empty);
  const single = join(root, "single");
  await writeExampleFolder(single, { classes: ["bag"], perClass: 6 });
  const unreadable = join(root, "unreadable");
  for (const c of ["a", "b"]) {
    mkdirSync(join(unreadable, c), { recursive: true });
    writeFileSync(join(unreadable, c, "x.png"), "garbage");
  }
  const cases: [string[], RegExp][] = [
    [["--data", `folder:${empty}`], /no class folders/],
    [["--data", `folder:${single}`], /1 class only/],
    [["--data", `folder:${unreadable}`], /no readable images/],
    [["--data", `folder:${join(root, "missing")}`], /does not exist/],
    [["--candidates", "alexnet,lenet"], /unknown architecture "lenet"/],
    [["--weight", "2"], /--weight must be from 0 to 1/],
  ];
  for (const [args, reason] of cases) {
    const r = runCli(["choose", ...args, "--quick", "--out", join(root, "bad")]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, reason);
    assert.equal(r.stderr.trim().split("\n").pop()!.startsWith("imagenot-lab: "), true);
  }
});
