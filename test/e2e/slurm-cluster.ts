/** A real one-node Slurm cluster on localhost for tests, from Debian's slurmctld, slurmd and munge: its
 * own munge key and socket, slurm.conf, state, spool and logs in a temp folder, run as root with no
 * cgroups (proctrack/linuxproc, task/none). Each daemon runs in the foreground as our child and is
 * stopped by its pid. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SlurmCluster {
  dir: string;
  /** The environment that points Slurm's clients (sbatch, squeue, scontrol) at this cluster. */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm client against the cluster and returns its stdout. */
  client(command: string, args: string[]): string;
  /** Cancels every job, waits for them to end, stops the daemons by pid and removes the folder. */
  stop(): Promise<void>;
}

/** Why this machine cannot run the cluster (a missing program), or undefined when it can. */
export function slurmMissing(): string | undefined {
  for (const program of [
    "/usr/sbin/munged",
    "/usr/sbin/slurmctld",
    "/usr/sbin/slurmd",
    "/usr/bin/sbatch",
  ])
    if (!existsSync(program))
      return `${program} is not installed (apt-get install slurmctld slurmd slurm-client munge)`;
  if (process.getuid?.() !== 0) return "the one-node test cluster runs as root";
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(what: string, check: () => boolean, timeoutMs: number, logs: string[]) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      const tails = logs.map(
        (p) => `${p}:\n${existsSync(p) ? readFileSync(p, "utf8").slice(-2000) : "(none)"}`,
      );
      throw new Error(
        `slurm test cluster: ${what} did not happen in ${timeoutMs} ms\n${tails.join("\n")}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts munged, slurmctld and slurmd; resolves once the node is idle. */
export async function startSlurm(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), "imagenot-slurm-"));
  // munged insists that every folder above its socket is searchable by all and the key private.
  chmodSync(dir, 0o755);
  for (const sub of ["munge", "state", "spool", "log"]) mkdirSync(join(dir, sub), { mode: 0o755 });
  const key = join(dir, "munge", "munge.key");
  writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const socket = join(dir, "munge", "munge.socket");
  // The node as slurmd sees it: its real CPUs and memory.
  const facts = execFileSync("slurmd", ["-C"], { encoding: "utf8" });
  const cpus = /CPUs=(\d+)/.exec(facts)![1];
  const memory = /RealMemory=(\d+)/.exec(facts)![1];
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=imagenot-test",
      "SlurmctldHost=localhost",
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      "AuthType=auth/munge",
      "CredType=cred/munge",
      // cred_expire also sets how long a requeued job waits before it may start again (default 120 s).
      `AuthInfo=socket=${socket},cred_expire=5`,
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "SchedulerType=sched/backfill",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      "MpiDefault=none",
      "ReturnToService=2",
      "KillWait=30",
      `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory} State=UNKNOWN`,
      "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const logs = ["munged.log", "slurmctld.log", "slurmd.log"].map((n) => join(dir, "log", n));
  const daemon = (program: string, args: string[], log: string) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (b: Buffer) => writeFileSync(log + ".stderr", b, { flag: "a" }));
    children.push(child);
    return child;
  };
  const client = (command: string, args: string[]) =>
    execFileSync(command, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const stopDaemons = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
  };
  try {
    daemon(
      "munged",
      [
        "--foreground",
        "--force",
        `--socket=${socket}`,
        `--key-file=${key}`,
        `--pid-file=${join(dir, "munge", "munged.pid")}`,
        `--seed-file=${join(dir, "munge", "munged.seed")}`,
        `--log-file=${logs[0]}`,
      ],
      logs[0],
    );
    await until("munged's socket", () => existsSync(socket), 10_000, logs);
    daemon("slurmctld", ["-D", "-f", conf], logs[1]);
    daemon("slurmd", ["-D", "-f", conf, "-N", "localhost"], logs[2]);
    await until(
      "the node going idle",
      () => {
        try {
          return /idle/.test(client("sinfo", ["-h", "-N", "-o", "%T"]));
        } catch {
          return false;
        }
      },
      30_000,
      logs,
    );
  } catch (e) {
    await stopDaemons();
    throw e;
  }
  return {
    dir,
    env,
    client,
    async stop() {
      try {
        client("scancel", ["--user", "root"]);
        await until("every job ending", () => client("squeue", ["-h"]).trim() === "", 60_000, logs);
      } finally {
        await stopDaemons();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
