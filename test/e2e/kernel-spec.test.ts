/** The Jupyter community's kernel conformance suite (jupyter_kernel_test) against imagenot-ts, installed by
 * our command. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { installKernelspec, runPython } from "../kernel/helpers";

test("jupyter_client finds the kernelspec kernel-install wrote", () => {
  const jupyterPath = installKernelspec();
  const r = runPython(
    [
      "-c",
      [
        "import json",
        "from jupyter_client.kernelspec import KernelSpecManager",
        "spec = KernelSpecManager().get_kernel_spec('imagenot-ts')",
        "print(json.dumps({'display_name': spec.display_name, 'language': spec.language, 'argv': spec.argv, 'interrupt_mode': spec.interrupt_mode}))",
      ].join("\n"),
    ],
    jupyterPath,
  );
  assert.equal(r.code, 0, r.stderr);
  const spec = JSON.parse(r.stdout);
  assert.equal(spec.display_name, "TypeScript (imagenot-lab)");
  assert.equal(spec.language, "typescript");
  assert.equal(spec.interrupt_mode, "message");
  assert.equal(spec.argv[spec.argv.length - 1], "{connection_file}");
  assert.match(spec.argv[1], /kernel[\\/]entry\.cjs$/);
});

test("jupyter_kernel_test passes with TypeScript samples", () => {
  const r = runPython(["-m", "unittest", "-v", "kernel_spec_test"], installKernelspec());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Ran 12 tests/);
  assert.match(
    r.stderr,
    /\nOK \(skipped=1\)/,
    "only the pager test (no pager samples) may be skipped",
  );
});
