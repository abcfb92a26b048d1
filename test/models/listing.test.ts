/** `imagenot-lab models --json` against independent numbers: trainable parameters equal the shipped
 * torchvision table, and multiply-accumulates per image agree with torchvision's published "GFLOPS"
 * (the `_ops` field of each builder's IMAGENET1K_V1 weights entry). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli";
import { loadParamCounts } from "../../src/results/reference";
import { ARCHITECTURES } from "../../src/models/facts";
import { summarise } from "../../src/models/measure";

// torchvision/models/*.py, `_ops` (GMACs) of each IMAGENET1K_V1 entry; EfficientNetV2-L's is at 480x480.
const TORCHVISION_GMACS: Record<string, { gmacs: number; input: [number, number, number] }> = {
  alexnet: { gmacs: 0.714, input: [224, 224, 3] },
  vgg19: { gmacs: 19.632, input: [224, 224, 3] },
  inception_v3: { gmacs: 5.713, input: [299, 299, 3] },
  resnet152: { gmacs: 11.514, input: [224, 224, 3] },
  densenet161: { gmacs: 7.728, input: [224, 224, 3] },
  mobilenet_v3_large: { gmacs: 0.217, input: [224, 224, 3] },
  efficientnet_v2_l: { gmacs: 56.08, input: [480, 480, 3] },
  vit_b_16: { gmacs: 17.564, input: [224, 224, 3] },
  convnext_large: { gmacs: 34.361, input: [224, 224, 3] },
};

interface Row {
  name: string;
  family: string;
  params: number;
  input: number[];
  macs: number;
  flops: number;
  small: { params: number; macs: number; input: number[] };
}

test("models --json lists the nine with torchvision's exact trainable parameter counts", () => {
  const r = runCli(["models", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Row[];
  assert.deepEqual(
    rows.map((row) => row.name),
    [...ARCHITECTURES],
  );
  const reference = new Map(loadParamCounts().rows.map((row) => [row.builder, row.params]));
  for (const row of rows) {
    assert.equal(row.params, reference.get(row.name), row.name);
    assert.equal(typeof row.family, "string");
    assert.equal(row.input.length, 3);
    assert.equal(row.flops, 2 * row.macs);
    assert.ok(
      row.small.params < row.params / 10 && row.small.macs > 0,
      `${row.name}: workshop scale ${row.small.params} parameters`,
    );
  }
});

test("multiply-accumulates per image agree with torchvision's published GFLOPS to 0.5%", () => {
  for (const id of ARCHITECTURES) {
    const { gmacs, input } = TORCHVISION_GMACS[id];
    const ours = summarise(id, "paper", input, 1000).macs / 1e9;
    // Inception's count includes the auxiliary head (about 0.1%), which torchvision's eval-mode count skips.
    assert.ok(
      Math.abs(ours / gmacs - 1) < 0.005,
      `${id}: ${ours.toFixed(3)} GMACs, torchvision ${gmacs}`,
    );
  }
});

test("models rejects unknown options and arguments with exit code 2", () => {
  assert.equal(runCli(["models", "--csv"]).code, 2);
  assert.equal(runCli(["models", "extra"]).code, 2);
  const md = runCli(["models", "--markdown"]);
  assert.equal(md.code, 0, md.stderr);
  assert.equal(md.stdout.trim().split("\n").length, 2 + ARCHITECTURES.length);
});
