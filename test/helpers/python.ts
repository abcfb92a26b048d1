/** Runs a Python snippet under Debian's python3 (which has scipy) to compute independent reference values. */
import { execFileSync } from "node:child_process";

/** The interpreter with Debian's scipy, numpy and Jupyter packages; the default python3 may be a pyenv build
 * without them. */
export const PYTHON = process.env.IMAGENOT_PYTHON ?? "/usr/bin/python3";

/** Runs `code` with `input` available as the JSON value `INPUT`; the script must print one JSON value. */
export function python<T = unknown>(code: string, input: unknown = null): T {
  const script = `import json, sys\nINPUT = json.loads(sys.stdin.read())\n${code}`;
  const out = execFileSync(PYTHON, ["-c", script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out) as T;
}
