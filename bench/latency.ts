/** Inference speed of the nine architectures at workshop scale (28x28x1 inputs, 10 classes), batch 1 and
 * batch 32, against the same architectures in PyTorch (bench/peers/torch_archs.py) on the same thread
 * count, as ratios: `npm run bench -- latency [--json] [--archs A,B] [--rounds N] [--seconds S]`.
 * The machine may be shared, so ours and the peer take turns per architecture and batch, for `rounds`
 * rounds, and each side keeps its best median. Without the peer (no torch, or torch_archs.py missing) the
 * ratios are n/a and the reason is printed. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { choiceOption, intOption, numberOption, parseArgs } from "../app/args";
import { inferenceSpeed } from "../src/choose/speed";
import { selectBackend } from "../src/engine/backend";
import { BACKEND_CHOICES } from "../src/engine/choices";
import { ARCHITECTURES, architectureFacts } from "../src/models/facts";
import { buildModel } from "../src/models/registry";
import { PYTHON } from "./peers/python";

const BATCHES = [1, 32];

/** The peer process: one JSON request a line, one answer a line; `failed` holds why it stopped. */
class Peer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterableIterator<string>;
  private stderr = "";
  failed: string | null = null;
  torch = "";

  constructor(threads: number) {
    this.child = spawn(PYTHON, [
      join(__dirname, "peers", "latency_torch.py"),
      "--threads",
      String(threads),
    ]);
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.child.on("error", (e) => (this.failed = e.message));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** Images per second of `arch` at `batch`, or null once the peer has failed. */
  async imgPerS(arch: string, batch: number, seconds: number): Promise<number | null> {
    if (this.failed) return null;
    this.child.stdin.write(JSON.stringify({ arch, batch, seconds }) + "\n");
    const next = await this.lines.next();
    if (next.done) {
      this.failed = this.stderr.trim().split("\n").pop() || "the peer exited";
      return null;
    }
    const answer = JSON.parse(next.value) as { img_per_s: number; torch: string };
    this.torch = answer.torch;
    return answer.img_per_s;
  }

  close(): void {
    this.child.stdin.end();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    json: { kind: "flag" },
    archs: { kind: "value" },
    rounds: { kind: "value" },
    seconds: { kind: "value" },
    backend: { kind: "value" },
  });
  const backend = await selectBackend(
    args.values.has("backend")
      ? { backend: choiceOption(args, "backend", BACKEND_CHOICES, "auto") }
      : {},
  );
  const archs = args.values.get("archs")?.split(",") ?? [...ARCHITECTURES];
  for (const a of archs) architectureFacts(a);
  const rounds = intOption(args, "rounds", 2, 1, 20);
  const seconds = numberOption(args, "seconds", 0.1) ?? 1;
  const peer = new Peer(backend.threads);
  const results: { arch: string; batch: number; ours: number; peer: number | null }[] = [];
  try {
    for (const arch of archs) {
      const model = buildModel(arch, { scale: "small", inputShape: [28, 28, 1], numClasses: 10 });
      try {
        for (const batch of BATCHES) {
          let ours = 0;
          let theirs: number | null = null;
          for (let r = 0; r < rounds; r++) {
            ours = Math.max(ours, inferenceSpeed(model, batch, { seconds }).imgPerS);
            const p = await peer.imgPerS(arch, batch, seconds);
            theirs = p === null ? null : Math.max(p, theirs ?? 0);
          }
          results.push({ arch, batch, ours, peer: theirs });
          process.stderr.write(`  ${arch} batch ${batch}: ${ours.toFixed(1)} img/s\n`);
        }
      } finally {
        model.dispose();
      }
    }
  } finally {
    peer.close();
  }
  const peerNote = peer.failed
    ? `no peer: ${peer.failed}`
    : `torch ${peer.torch}, ${backend.threads} thread${backend.threads > 1 ? "s" : ""}`;
  console.log(
    `latency: inference img/s at workshop scale (28x28x1, 10 classes), best median of ${rounds} rounds of ${seconds} s, alternating with the peer`,
  );
  console.log(`backend: ${backend.reason}`);
  console.log(`peer: pytorch (${peerNote})`);
  console.log(
    `  ${"arch".padEnd(20)} ${"batch".padStart(5)} ${"ours".padStart(9)} ${"pytorch".padStart(9)} ${"ratio".padStart(7)}`,
  );
  for (const r of results)
    console.log(
      `  ${r.arch.padEnd(20)} ${String(r.batch).padStart(5)} ${r.ours.toFixed(1).padStart(9)} ${(r.peer?.toFixed(1) ?? "n/a").padStart(9)} ${(r.peer ? (r.ours / r.peer).toFixed(3) : "n/a").padStart(7)}`,
    );
  if (args.flags.has("json"))
    console.log(
      JSON.stringify({
        backend: backend.name,
        threads: backend.threads,
        peer: "pytorch",
        peer_note: peerNote,
        results: results.map((r) => ({
          arch: r.arch,
          batch: r.batch,
          img_per_s: r.ours,
          peer_img_per_s: r.peer,
          ratio: r.peer ? r.ours / r.peer : null,
        })),
      }),
    );
}

main().catch((e: Error) => {
  process.stderr.write(`bench latency: ${e.message}\n`);
  process.exit(1);
});
