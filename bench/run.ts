/** `npm run bench -- NAME [args]`: runs bench/NAME.ts, a standalone script that measures against a peer and
 * prints ratios. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(__dirname)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.slice(0, -3));
if (!name || !existsSync(join(__dirname, `${name}.ts`))) {
  process.stderr.write(
    `usage: npm run bench -- NAME [--json]   (benchmarks: ${available.join(", ") || "none"})\n`,
  );
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, `${name}.ts`), ...rest], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
