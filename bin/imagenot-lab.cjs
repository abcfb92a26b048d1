#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between a git clone and the command.
require("tsx/cjs/api").register();
require("../src/cli.ts").main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
