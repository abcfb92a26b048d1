/**
 * Round trip of a trivial cell (`1 + 1`, execute_request to reply and idle) in imagenot-ts against plain tslab,
 * both started as kernels with their own connection files and driven by the same ZMQ client in this process.
 * Prints the milliseconds per cell of each and the ratio ours / tslab (aim: <= 1.1). `--json` prints one object.
 */
import { join } from "node:path";
import { KernelClient } from "../kernel/client";
import { kernelArgv } from "../kernel/notebook-runner";
import { PACKAGE_ROOT } from "../kernel/package-resolution";

const CELLS = 200;
const ROUNDS = 20;

async function timeCells(client: KernelClient, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const { reply } = await client.execute("1 + 1");
    if ((reply.content as { status?: string }).status !== "ok") throw new Error(`1 + 1 failed: ${JSON.stringify(reply.content)}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const tslabArgv = [process.execPath, join(PACKAGE_ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"];
  const ours = await KernelClient.launch({ argv: kernelArgv(), cwd: PACKAGE_ROOT });
  const theirs = await KernelClient.launch({ argv: tslabArgv, cwd: PACKAGE_ROOT });
  try {
    // Warm both (first conversions build the type checker's program), then alternate rounds so drift hits both.
    await timeCells(ours, 10);
    await timeCells(theirs, 10);
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      a.push(await timeCells(ours, CELLS / ROUNDS));
      b.push(await timeCells(theirs, CELLS / ROUNDS));
    }
    const result = { cells: CELLS, imagenotTsMs: median(a), tslabMs: median(b), ratio: median(a) / median(b) };
    if (json) process.stdout.write(JSON.stringify(result) + "\n");
    else {
      process.stdout.write(`round trip of "1 + 1" (median of ${ROUNDS} rounds, ${CELLS} cells):\n`);
      process.stdout.write(`  imagenot-ts ${result.imagenotTsMs.toFixed(2)} ms/cell\n  tslab       ${result.tslabMs.toFixed(2)} ms/cell\n`);
      process.stdout.write(`  ratio imagenot-ts / tslab = ${result.ratio.toFixed(3)} (aim <= 1.1)\n`);
    }
  } finally {
    await Promise.all([ours.shutdown(), theirs.shutdown()]);
  }
}

main().catch((e) => {
  process.stderr.write(`bench/kernel: ${e.stack ?? e}\n`);
  process.exit(1);
});
