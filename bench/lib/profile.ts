/** Where one training step's time goes, kernel by kernel, from tf.profile. */
import * as tf from "@tensorflow/tfjs";

export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

/** Milliseconds per kernel name in one call of `step` (the least over `rounds` calls for each kernel),
 * largest first. Op-level records ("name__op", which tfjs adds around composite ops) are left out: their
 * time is their kernels', counted already. */
export async function profileStep(step: () => void, rounds = 3): Promise<KernelTime[]> {
  const best = new Map<string, KernelTime>();
  for (let round = 0; round < rounds; round++) {
    const info = await tf.profile(step);
    const byName = new Map<string, KernelTime>();
    for (const k of info.kernels) {
      if (k.name.endsWith("__op")) continue;
      const t = byName.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
      t.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
      t.calls += 1;
      byName.set(k.name, t);
    }
    for (const [name, t] of byName) if ((best.get(name)?.ms ?? Infinity) > t.ms) best.set(name, t);
  }
  return [...best.values()].sort((a, b) => b.ms - a.ms);
}
