/**
 * Round trip of a trivial cell (`1 + 1`, execute_request to execute_reply) in imagenot-ts against plain tslab,
 * both started as kernels with their own connection files and driven by the same ZMQ client in this process.
 * Prints the milliseconds per cell of each and the ratio ours / tslab (aim: <= 1.1). `--json` prints one object.
 */
import { join } from "node:path";
import { KernelClient } from "../kernel/protocol/client";
import { kernelArgv } from "../kernel/runner/notebook-runner";
import { PACKAGE_ROOT } from "../kernel/executor/package-resolution";

const CELLS = 200;
const ROUNDS = 20;

/** Fails loudly instead of hanging when a kernel stops answering. */
function answered<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in 10 s`)), 10_000);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function timeCells(client: KernelClient, n: number, name: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    // Up to the reply, not the idle status: plain tslab now and then publishes none, which would hang the loop.
    const { reply } = await answered(
      client.execute("1 + 1", { waitForIdle: false }),
      `${name}, cell ${i}`,
    );
    if ((reply.content as { status?: string }).status !== "ok")
      throw new Error(`1 + 1 failed: ${JSON.stringify(reply.content)}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Result {
  cells: number;
  imagenotTsMs: number;
  tslabMs: number;
  ratio: number;
}

async function measure(): Promise<Result> {
  const tslabArgv = [
    process.execPath,
    join(PACKAGE_ROOT, "node_modules", "tslab", "bin", "tslab"),
    "kernel",
    "--config-path",
    "{connection_file}",
  ];
  const ours = await answered(
    KernelClient.launch({ argv: kernelArgv(), cwd: PACKAGE_ROOT }),
    "starting imagenot-ts",
  );
  const theirs = await answered(
    KernelClient.launch({ argv: tslabArgv, cwd: PACKAGE_ROOT }),
    "starting tslab",
  );
  try {
    // Warm both (first conversions build the type checker's program), then alternate rounds so drift hits both.
    await timeCells(ours, 10, "imagenot-ts");
    await timeCells(theirs, 10, "tslab");
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      a.push(await timeCells(ours, CELLS / ROUNDS, "imagenot-ts"));
      b.push(await timeCells(theirs, CELLS / ROUNDS, "tslab"));
    }
    return {
      cells: CELLS,
      imagenotTsMs: median(a),
      tslabMs: median(b),
      ratio: median(a) / median(b),
    };
  } finally {
    await answered(Promise.all([ours.shutdown(), theirs.shutdown()]), "shutting down");
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  let result: Result | undefined;
  // Plain tslab now and then loses a reply (it sends on ZMQ sockets without waiting): start over, up to 3 times.
  for (let attempt = 1; !result; attempt++) {
    try {
      result = await measure();
    } catch (e) {
      if (attempt === 3) throw e;
      process.stderr.write(
        `bench/kernel: attempt ${attempt} failed (${(e as Error).message}); starting over\n`,
      );
    }
  }
  if (json) process.stdout.write(JSON.stringify(result) + "\n");
  else {
    process.stdout.write(`round trip of "1 + 1" (median of ${ROUNDS} rounds, ${CELLS} cells):\n`);
    process.stdout.write(
      `  imagenot-ts ${result.imagenotTsMs.toFixed(2)} ms/cell\n  tslab       ${result.tslabMs.toFixed(2)} ms/cell\n`,
    );
    process.stdout.write(`  ratio imagenot-ts / tslab = ${result.ratio.toFixed(3)} (aim <= 1.1)\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench/kernel: ${e.stack ?? e}\n`);
  process.exit(1);
});
