"""PyTorch peer of bench/train.ts: the same small CNN trained with SGD on random 32x32x3 images.

Prints one JSON line {"img_per_s", "threads", "torch", "peak_rss_mb"}: the best of EPOCHS epochs after one warm-up epoch.
Run with Debian's /usr/bin/python3 (python3-torch): python3 train_torch.py [--threads 2] [--images 1024]
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--images", type=int, default=1024)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--epochs", type=int, default=3)
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(0)

# Conv 3->32 same, ReLU; Conv 32->32, ReLU; MaxPool 2; Conv 32->64, ReLU; Conv 64->64 stride 2 same, ReLU; Dense 10.
model = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(),
    nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
    nn.Conv2d(64, 64, 3, stride=2, padding=1), nn.ReLU(),
    nn.Flatten(),
    nn.Linear(64 * 8 * 8, 10),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
images = torch.rand(args.images, 3, 32, 32)
labels = torch.randint(0, 10, (args.images,))


def epoch():
    start = time.perf_counter()
    for i in range(0, args.images, args.batch):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images[i:i + args.batch]), labels[i:i + args.batch])
        loss.backward()
        optimizer.step()
    return args.images / (time.perf_counter() - start)


epoch()
best = max(epoch() for _ in range(args.epochs))
peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"img_per_s": best, "threads": torch.get_num_threads(), "torch": torch.__version__,
                  "peak_rss_mb": peak_rss_mb}))
