/** Shared set-up for the kernel tests: the kernelspec installed into a temporary prefix, and Python runs against it. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli";
import { PYTHON } from "../helpers/python";

export const FIXTURES = join(__dirname, "..", "fixtures", "kernel");
export const E2E = join(__dirname, "..", "e2e");

/** Installs the imagenot-ts kernelspec with the real command into a fresh prefix; returns the JUPYTER_PATH entry. */
export function installKernelspec(): string {
  const prefix = mkdtempSync(join(tmpdir(), "imagenot-kernelspec-"));
  const r = runCli(["kernel-install", "--prefix", prefix]);
  if (r.code !== 0) throw new Error(`kernel-install failed: ${r.stderr}`);
  return join(prefix, "share", "jupyter");
}

export interface PythonRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs Debian's python3 with `args` in `cwd`, with the kernelspec visible through JUPYTER_PATH. */
export function runPython(
  args: string[],
  jupyterPath: string,
  cwd = E2E,
  timeoutMs = 300_000,
): PythonRun {
  const r = spawnSync(PYTHON, args, {
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 1 << 28,
    env: { ...process.env, JUPYTER_PATH: jupyterPath, PYTHONDONTWRITEBYTECODE: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Adds a copy of the installed kernelspec named `imagenot-ts-signal` with interrupt_mode "signal" (Jupyter
 * interrupts by sending SIGINT to the kernel process); returns its kernel name. */
export function addSignalModeKernelspec(jupyterPath: string): string {
  const name = "imagenot-ts-signal";
  const kernels = join(jupyterPath, "kernels");
  const spec = JSON.parse(readFileSync(join(kernels, "imagenot-ts", "kernel.json"), "utf8"));
  mkdirSync(join(kernels, name), { recursive: true });
  const variant = {
    ...spec,
    interrupt_mode: "signal",
    display_name: `${spec.display_name} (SIGINT)`,
  };
  writeFileSync(join(kernels, name, "kernel.json"), JSON.stringify(variant));
  return name;
}
