"""PyTorch peer of bench/learning.ts: trains the workshop-scale architectures (torch_archs.py) on the items
our study runs used, with the recipe semantics of src/train/trainer.ts, and reports the test accuracy.

    /usr/bin/python3 learn_torch.py JOB.json           trains once per seed; one JSON line per run:
        {"arch", "dataset", "seed", "test_acc", "train_loss", "train_acc", "seconds", "threads", "torch"}
    /usr/bin/python3 learn_torch.py --check JOBS.json  no training: for each job of the list, its per-step
        learning rates, the channel statistics of its training split, its first training image shifted by
        each of job["probe"]["shifts"], and the weights after its optimizer takes job["probe"]["grads"]

JOB.json holds the recipe's workshop settings under their names in src/train/recipes.ts (optimizer, lr,
batchSize, momentum, weightDecay, lrSchedule, labelSmoothing) and "arch", "dataset", "epochs", "imageShape"
[h, w, c], "data" (a folder of train_x.bin and test_x.bin: float32 images in [0, 1], NHWC; train_y.bin and
test_y.bin: int32 labels), "rmsprop" {"alpha", "epsilon"}, "shift" {"pad", "flip"} or null (no
augmentation), "seeds" and "threads".

As our trainer: standardised by the training split's channel statistics (src/train/normalize.ts), shuffled
every epoch, the last batch of an epoch takes the rest, shifted with zero fill before standardising
(src/data/augment.ts), the learning rate set every step (src/train/schedule.ts), cross-entropy with label
smoothing, weight decay on every parameter (coupled, decoupled for AdamW: src/train/optimizer.ts), tested in
eval mode after the last epoch. torch_archs.py was written for the speed benchmark (the same layer shapes and
parameter counts as ours); what training sees beyond shapes is brought to our workshop models here:
their initialisation, no dropout where ours has none, BatchNorm eps and momentum. Seeds are torch's own, so
a seed here is not the same draw as our seed of the same number.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.modules.linear import NonDynamicallyQuantizableLinear

from torch_archs import CLASSES, build

# normalize.ts channelStats: statistics over the first 2000 training items at most.
STATS_LIMIT = 2000


def js_round(x: float) -> int:
    """JavaScript's Math.round (halves up), which schedule.ts counts warm-up steps with."""
    return math.floor(x + 0.5)


def learning_rate_at(job: dict, step: int, steps_per_epoch: int) -> float:
    """schedule.ts learningRateAt for the recipes' schedule: linear warm-up lr * (step + 1) / warmup steps,
    then a cosine to zero over the remaining steps."""
    spec, lr = job["lrSchedule"], job["lr"]
    if spec["name"] != "cosine":
        raise ValueError(f"learn_torch.py follows the recipes' cosine schedule, not {spec['name']!r}")
    warmup = js_round(spec.get("warmupEpochs", 0) * steps_per_epoch)
    if step < warmup:
        return lr * (step + 1) / warmup
    span = max(1, job["epochs"] * steps_per_epoch - warmup)
    return lr * (1 + math.cos(math.pi * (step - warmup) / span)) / 2


def channel_stats(x: torch.Tensor) -> dict:
    """normalize.ts channelStats of NHWC images: population mean and std per channel in double precision
    over the first STATS_LIMIT items; a constant channel keeps std 1."""
    v = x[:STATS_LIMIT].double().reshape(-1, x.shape[-1])
    mean = v.mean(0)
    var = (v * v).mean(0) - mean * mean
    std = [math.sqrt(max(0.0, s)) or 1.0 for s in var.tolist()]
    return {"mean": mean.tolist(), "std": std}


def standardised(x: torch.Tensor, stats: dict) -> torch.Tensor:
    """(x - mean) / std per channel, NHWC in, NCHW out (the models' layout)."""
    mean = torch.tensor(stats["mean"], dtype=torch.float64)
    std = torch.tensor(stats["std"], dtype=torch.float64)
    return ((x.double() - mean) / std).float().permute(0, 3, 1, 2).contiguous()


def shifted(x: torch.Tensor, offsets: torch.Tensor, pad: int) -> torch.Tensor:
    """augment.ts applyShiftFlip without the mirror: image i (NHWC) moved so that out[y][x] = in[y + dy][x + dx]
    for offsets[i] = (dy, dx), zero outside."""
    n, h, w, _ = x.shape
    padded = F.pad(x, (0, 0, pad, pad, pad, pad))
    out = torch.empty_like(x)
    for i, (dy, dx) in enumerate(offsets.tolist()):
        out[i] = padded[i, pad + dy : pad + dy + h, pad + dx : pad + dx + w]
    return out


def make_optimizer(job: dict, params) -> torch.optim.Optimizer:
    """torch.optim's optimizer of the recipe, with the options our trainer gives ours (paramGroups)."""
    name, lr, decay = job["optimizer"], job["lr"], job["weightDecay"]
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=job["momentum"], weight_decay=decay)
    if name == "rmsprop":
        rms = job["rmsprop"]
        return torch.optim.RMSprop(
            params, lr=lr, alpha=rms["alpha"], eps=rms["epsilon"], momentum=job["momentum"], weight_decay=decay
        )
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=decay)
    raise ValueError(f"learn_torch.py has no optimizer {name!r} (the recipes use momentum, rmsprop, adamw)")


def _truncated(t: torch.Tensor, std: float) -> None:
    """tfjs's truncatedNormal, which its "normal" variance scaling also draws: N(0, std) redrawn beyond 2 sd."""
    nn.init.trunc_normal_(t, 0.0, std, -2 * std, 2 * std)


def _kaiming(mode: str):
    """builder-kit's kaimingFanIn / kaimingFanOut (ReLU gain, truncated as tfjs draws it); a depthwise kernel
    as kaimingFanOutDepthwise, an untruncated normal over torch's fan (channels x k x k)."""

    def init(m: nn.Conv2d) -> None:
        fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(m.weight)
        std = math.sqrt(2 / (fan_in if mode == "fan_in" else fan_out))
        if m.groups > 1:
            nn.init.normal_(m.weight, 0.0, std)
        else:
            _truncated(m.weight, std)

    return init


def _fan_in_truncated(m: nn.Conv2d) -> None:
    """ViT's patch projection: truncated normal with std sqrt(1 / fan_in)."""
    _truncated(m.weight, math.sqrt(1 / nn.init._calculate_fan_in_and_fan_out(m.weight)[0]))


def _weights(draw):
    """A linear layer's weights drawn by `draw`, its bias zero (our dense layers)."""

    def init(m: nn.Linear) -> None:
        draw(m.weight)
        nn.init.zeros_(m.bias)

    return init


def _torch_default(_m: nn.Linear) -> None:
    """Left as torch draws it: ours (torchLinear) draws the same."""


def _attention_output(m: nn.Linear) -> None:
    """ViT: nn.MultiheadAttention leaves its output projection at torch's default, ours draws it Xavier uniform;
    the MLPs and the zero head are torchvision's, as ours."""
    if isinstance(m, NonDynamicallyQuantizableLinear):
        nn.init.xavier_uniform_(m.weight)


# EfficientNet's classifier: uniform in +-1 / sqrt(classes).
_efficientnet_head = _weights(lambda w: nn.init.uniform_(w, -(CLASSES**-0.5), CLASSES**-0.5))
# Per architecture, our initialisation of convolutions and linear layers (src/models/*.ts); conv biases are
# zero in all of ours, BatchNorm and LayerNorm start at 1 and 0 in both.
OUR_INIT = {
    "alexnet": (_kaiming("fan_in"), _torch_default),
    "vgg19": (_kaiming("fan_out"), _weights(lambda w: nn.init.normal_(w, 0.0, 0.125))),
    "inception_v3": (lambda m: _truncated(m.weight, 0.1), _weights(lambda w: _truncated(w, 0.1))),
    "resnet152": (_kaiming("fan_out"), _torch_default),
    # DenseNet's classifier: torch's default weights, zero bias.
    "densenet161": (_kaiming("fan_in"), _weights(lambda w: None)),
    "mobilenet_v3_large": (_kaiming("fan_out"), _weights(lambda w: nn.init.normal_(w, 0.0, 0.01))),
    "efficientnet_v2_l": (_kaiming("fan_out"), _efficientnet_head),
    "vit_b_16": (_fan_in_truncated, _attention_output),
    "convnext_large": (lambda m: _truncated(m.weight, 0.02), _weights(lambda w: _truncated(w, 0.02))),
}
# Our workshop AlexNet, VGG, Inception and MobileNet have no dropout (src/models/alexnet.ts says why);
# torch_archs' do.
NO_DROPOUT = {"alexnet", "vgg19", "inception_v3", "mobilenet_v3_large"}
# BatchNorm eps of ours where it is not torch's 1e-5 (torchvision's, which ours follow); momentum 0.1 in all
# (MobileNet's workshop config raises torchvision's 0.01 to 0.1, as torch_archs does).
BN_EPS = {"inception_v3": 1e-3, "mobilenet_v3_large": 1e-3, "efficientnet_v2_l": 1e-3}


def our_model(arch: str) -> nn.Module:
    """torch_archs' `arch` with our workshop model's initialisation, dropout and BatchNorm settings."""
    model = build(arch)
    init_conv, init_linear = OUR_INIT[arch]
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            init_conv(m)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            init_linear(m)
        elif isinstance(m, nn.BatchNorm2d):
            m.eps, m.momentum = BN_EPS.get(arch, 1e-5), 0.1
        elif isinstance(m, nn.Dropout) and arch in NO_DROPOUT:
            m.p = 0.0
    return model


def load_split(job: dict, split: str) -> tuple:
    """The job's `split` ("train" or "test"): NHWC float32 images and int64 labels."""
    folder = Path(job["data"])
    y = torch.from_numpy(np.fromfile(folder / f"{split}_y.bin", dtype=np.int32).astype(np.int64))
    x = np.fromfile(folder / f"{split}_x.bin", dtype=np.float32).reshape(len(y), *job["imageShape"])
    return torch.from_numpy(x), y


def train(job: dict, data: dict, seed: int) -> dict:
    """One run of `job` with torch seed `seed`: the model trained as our trainer trains, then tested."""
    torch.manual_seed(seed)
    started = time.perf_counter()
    model = our_model(job["arch"])
    (x, y), (tx, ty) = data["train"], data["test"]
    stats = channel_stats(x)
    optimizer = make_optimizer(job, model.parameters())
    n, batch, shift = len(y), job["batchSize"], job["shift"]
    steps_per_epoch = math.ceil(n / batch)
    step = 0
    for _ in range(job["epochs"]):
        model.train()
        order = torch.randperm(n)
        loss_sum, right = 0.0, 0
        for s in range(steps_per_epoch):
            idx = order[s * batch : (s + 1) * batch]
            xb = x[idx]
            if shift:
                xb = shifted(xb, torch.randint(-shift["pad"], shift["pad"] + 1, (len(idx), 2)), shift["pad"])
            for group in optimizer.param_groups:
                group["lr"] = learning_rate_at(job, step, steps_per_epoch)
            logits = model(standardised(xb, stats))
            loss = F.cross_entropy(logits, y[idx], label_smoothing=job["labelSmoothing"])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            loss_sum += loss.item() * len(idx)
            right += (logits.argmax(1) == y[idx]).sum().item()
    model.eval()
    with torch.no_grad():
        test_x = standardised(tx, stats)
        predicted = torch.cat([model(test_x[i : i + batch]).argmax(1) for i in range(0, len(ty), batch)])
    return {
        "arch": job["arch"],
        "dataset": job["dataset"],
        "seed": seed,
        "test_acc": (predicted == ty).double().mean().item(),
        "train_loss": loss_sum / n,
        "train_acc": right / n,
        "seconds": time.perf_counter() - started,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }


def check(job: dict) -> dict:
    """The job's recipe pieces on its data without training (see the module's docstring)."""
    x, y = load_split(job, "train")
    steps_per_epoch = math.ceil(len(y) / job["batchSize"])
    probe = job["probe"]
    first = x[:1].repeat(len(probe["shifts"]), 1, 1, 1)
    params = [torch.tensor(w, dtype=torch.float32, requires_grad=True) for w in probe["weights"]]
    optimizer = make_optimizer(job, params)
    for grads, lr in zip(probe["grads"], probe["lrs"]):
        for group in optimizer.param_groups:
            group["lr"] = lr
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g, dtype=torch.float32)
        optimizer.step()
    return {
        "lrs": [learning_rate_at(job, t, steps_per_epoch) for t in range(job["epochs"] * steps_per_epoch)],
        "stats": channel_stats(x),
        "shifted": shifted(first, torch.tensor(probe["shifts"]), job["shift"]["pad"]).flatten(1).tolist(),
        "weights": [p.detach().tolist() for p in params],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("job", help="JOB.json, or with --check a JSON list of jobs")
    parser.add_argument("--check", action="store_true", help="print the recipe pieces, do not train")
    args = parser.parse_args()
    job = json.loads(Path(args.job).read_text())
    if args.check:
        print(json.dumps([check(j) for j in job]))
        return
    if job["shift"] and job["shift"]["flip"]:
        sys.exit("learn_torch.py: the mirror of CIFAR's augmentation is not followed here (MNIST family only)")
    torch.set_num_threads(job["threads"])
    data = {split: load_split(job, split) for split in ("train", "test")}
    for seed in job["seeds"]:
        print(json.dumps(train(job, data, seed)), flush=True)


if __name__ == "__main__":
    main()
