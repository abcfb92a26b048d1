/** Small helpers shared by the benchmarks: summaries of repeated measurements and this process's peak memory. */
import * as os from "node:os";

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** [least, greatest] of `xs`. */
export function range(xs: readonly number[]): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}

/** The geometric mean of positive `xs`. */
export function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/** This process's peak resident set size in MB (Linux reports it in kB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The machine's 1-minute load average and its core count: above the core count, other processes share
 * the cores and the timings are indicative only. */
export function machineLoad(): { loadAvg1m: number; cores: number; note: string } {
  const loadAvg1m = os.loadavg()[0];
  const cores = os.availableParallelism();
  const busy = loadAvg1m > cores ? "; the machine is shared, so timings are indicative only" : "";
  return {
    loadAvg1m,
    cores,
    note: `load average ${loadAvg1m.toFixed(1)} on ${cores} cores${busy}`,
  };
}
