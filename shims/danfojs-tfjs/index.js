// danfojs-node requires "@tensorflow/tfjs-node"; hand it the project's tfjs so both share one core.
module.exports = require("@tensorflow/tfjs");
