#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between a git clone and the command.
require("tsx/cjs/api").register();
// A reader that stops early (`imagenot-lab --help | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    else throw e;
  });
}
require("../app/cli.ts")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
