"""PyTorch peer of bench/latency.ts: inference speed of the nine workshop-scale architectures
(bench/peers/torch_archs.py, written for the engine's benchmark: 28x28x1 inputs, 10 classes).

Started once per benchmark run, so that ours and the peer alternate without paying Python's start-up each
time: reads one JSON request a line, {"arch", "batch", "seconds"}, and answers one JSON line, {"arch",
"batch", "img_per_s", "passes", "torch"}. One pass: the model in eval mode under torch.inference_mode() on a
batch of seeded random images. The first request for an architecture builds it and runs three warm-up
passes; each request then times passes until `seconds` have passed (at least five) and reports the median.

    /usr/bin/python3 latency_torch.py --threads 2
"""
import argparse
import json
import statistics
import sys
import time

import torch

try:
    from torch_archs import build
except ImportError as e:
    sys.exit(
        "latency_torch.py: cannot import bench/peers/torch_archs.py (the PyTorch versions of the nine "
        f"workshop-scale architectures, from the engine's benchmark): {e}"
    )

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, required=True)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

models = {}


def timed(model, x):
    start = time.perf_counter()
    model(x)
    return time.perf_counter() - start


with torch.inference_mode():
    for line in sys.stdin:
        request = json.loads(line)
        arch, batch = request["arch"], request["batch"]
        x = torch.rand(batch, 1, 28, 28, generator=torch.Generator().manual_seed(batch))
        if arch not in models:
            models[arch] = build(arch).eval()
        model = models[arch]
        for _ in range(3):
            timed(model, x)
        times = []
        start = time.perf_counter()
        while len(times) < 5 or time.perf_counter() - start < request["seconds"]:
            times.append(timed(model, x))
        answer = {
            "arch": arch,
            "batch": batch,
            "img_per_s": batch / statistics.median(times),
            "passes": len(times),
            "torch": torch.__version__,
        }
        print(json.dumps(answer), flush=True)
