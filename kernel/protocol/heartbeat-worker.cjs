// The heartbeat echoes on its own thread, so the kernel stays "alive" to Jupyter while a cell blocks the main thread.
// Any message from the parent closes the socket and ends the thread (terminate() would abort inside zeromq).
const { parentPort, workerData } = require("node:worker_threads");
const zmq = require("zeromq");

const socket = new zmq.Reply();
parentPort.once("message", () => socket.close());
(async () => {
  await socket.bind(workerData.address);
  parentPort.postMessage("bound");
  try {
    for await (const frames of socket) await socket.send(frames);
  } catch (e) {
    if (!socket.closed) throw e;
  }
  parentPort.close();
})();
