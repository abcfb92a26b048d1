/** A real Jupyter server for the widget e2e tests: Debian's jupyter-notebook 6.x with the imagenot-ts kernelspec,
 * its folders in a temp dir, started and stopped by pid. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelspecDir, writeKernelspec } from "../../kernel/kernelspec";

export interface NotebookServer {
  base: string;
  token: string;
  /** The folder the server serves (notebooks go here). */
  work: string;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Starts `python3 -m notebook` on a free port and waits until its REST API answers. */
export async function startNotebookServer(token = "widgets-e2e-token"): Promise<NotebookServer> {
  const dir = mkdtempSync(join(tmpdir(), "widgets-server-"));
  const prefix = join(dir, "prefix");
  await writeKernelspec(kernelspecDir(prefix));
  const work = join(dir, "work");
  mkdirSync(work);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Jupyter's own folders go to the temp dir so that nothing of the user's setup takes part.
  const env = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_CONFIG_DIR: join(dir, "config"),
    JUPYTER_DATA_DIR: join(dir, "data"),
    JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
    IPYTHONDIR: join(dir, "ipython"),
  };
  const server: ChildProcess = spawn(
    "/usr/bin/python3",
    [
      "-m",
      "notebook",
      "--no-browser",
      `--port=${port}`,
      "--ip=127.0.0.1",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${work}`,
      "--allow-root",
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300 || server.exitCode !== null)
      throw new Error(`jupyter notebook did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    token,
    work,
    log: () => log,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        process.kill(server.pid!, "SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
