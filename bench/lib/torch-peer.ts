/** The PyTorch peer process of bench/archs.ts (bench/peers/torch_steps.py), kept running for the whole
 * benchmark and asked for one measurement at a time, so that ours and the peer alternate under the same load. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { PYTHON } from "../peers/python";

export interface PeerAnswer {
  arch: string;
  params: number;
  img_per_s: number;
  steps: number;
  peak_rss_mb: number;
  threads: number;
  torch: string;
}

export class TorchPeer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private stderr = "";

  /** Starts the peer with `threads` intra-op threads (ours: the wasm thread count). */
  constructor(threads: number) {
    this.child = spawn(
      PYTHON,
      [join(__dirname, "..", "peers", "torch_steps.py"), "--threads", `${threads}`],
      {
        cwd: join(__dirname, "..", "peers"),
      },
    );
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.lines = createInterface({ input: this.child.stdout });
  }

  /** Times `arch`'s training steps at `batch` for about `seconds`; rejects with the peer's last error line. */
  measure(arch: string, batch: number, seconds: number): Promise<PeerAnswer> {
    return new Promise((resolve, reject) => {
      const onExit = () =>
        reject(new Error(`the PyTorch peer exited: ${this.stderr.trim().split("\n").pop() ?? ""}`));
      this.child.once("exit", onExit);
      this.lines.once("line", (line) => {
        this.child.off("exit", onExit);
        resolve(JSON.parse(line) as PeerAnswer);
      });
      this.child.stdin.write(`${JSON.stringify({ arch, batch, seconds })}\n`);
    });
  }

  /** Ends the peer (its stdin closes; it exits after its current request). */
  close(): void {
    this.child.stdin.end();
  }
}
