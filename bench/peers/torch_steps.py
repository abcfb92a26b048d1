"""PyTorch peer of bench/archs.ts: times training steps of the workshop-scale architectures (torch_archs.py).

Started once per benchmark run, so that ours and the peer alternate without paying Python's start-up each
time: reads one JSON request a line, {"arch", "batch", "seconds"}, and answers one JSON line, {"arch",
"params", "img_per_s", "steps", "peak_rss_mb"}. One training step: forward in training mode, cross-entropy,
backward, SGD (lr 0.01). The first request for an architecture builds it and runs one warm-up step; each
request then times whole steps until `seconds` have passed (at least two).

    /usr/bin/python3 torch_steps.py --threads 2
"""
import argparse
import json
import resource
import sys
import time

import torch
import torch.nn.functional as F

from torch_archs import build, trainable_params

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, required=True)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

models = {}


def step(model, optimizer, x, y):
    optimizer.zero_grad()
    F.cross_entropy(model(x), y).backward()
    optimizer.step()


for line in sys.stdin:
    request = json.loads(line)
    arch, batch = request["arch"], request["batch"]
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    if arch not in models:
        model = build(arch).train()
        models[arch] = (model, torch.optim.SGD(model.parameters(), lr=0.01))
        step(*models[arch], x, y)
    model, optimizer = models[arch]
    steps, start = 0, time.perf_counter()
    while steps < 2 or time.perf_counter() - start < request["seconds"]:
        step(model, optimizer, x, y)
        steps += 1
    elapsed = time.perf_counter() - start
    answer = {
        "arch": arch,
        "params": trainable_params(model),
        "img_per_s": steps * batch / elapsed,
        "steps": steps,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }
    print(json.dumps(answer), flush=True)
