/** Runs the imagenot-lab command as a user would, capturing its exit code and output. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const BIN = join(ROOT, "bin", "imagenot-lab.cjs");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `imagenot-lab ...args` in `cwd` (the project root by default). */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 600_000,
    maxBuffer: 1 << 28,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
