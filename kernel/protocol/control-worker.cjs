// Loads the control thread (control-thread.ts) in a worker: tsx is registered per thread.
require("tsx/cjs/api").register();
require("./control-thread.ts").runControlThread();
