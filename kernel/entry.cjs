#!/usr/bin/env node
// The kernelspec's entry: `node kernel/entry.cjs {connection_file}`. tsx loads the kernel's and the project's
// TypeScript without a build step.
require("tsx/cjs/api").register();
require("./protocol/kernel.ts")
  .startKernel(process.argv[2])
  .catch((e) => {
    process.stderr.write(`imagenot-ts: could not start: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
