#!/usr/bin/env python3
"""Export a torchvision model's state dict for imagenot-lab, offline.

usage: /usr/bin/python3 export_state.py ARCH OUT_DIR [--pth FILE] [--seed N] [--probe]

Builds torchvision.models.ARCH (no download), loads FILE if given (a state dict saved with torch.save,
e.g. a torchvision checkpoint fetched beforehand by hand), and writes OUT_DIR/model.json (a TensorFlow.js
weights manifest with torch's names and shapes) and OUT_DIR/weights.bin (float32, little-endian).
Load it with loadTorchvisionState(model, OUT_DIR) from src/models/torchvision-import.ts.

--probe also writes probe-input.bin (one seeded NHWC image) and probe-logits.bin (torchvision's eval-mode
logits for it), so that the import can be checked by equal outputs. Without --pth, --probe first perturbs
every parameter and BatchNorm statistic, so that no tensor keeps a constant init that would hide a mix-up.
Needs python3-torch and python3-torchvision (Debian).
"""
import argparse
import json
import os

import numpy as np
import torch
import torchvision

SIDE = {"inception_v3": 299}


def build(arch, pth, seed):
    torch.manual_seed(seed)
    kwargs = {"aux_logits": True, "init_weights": True} if arch == "inception_v3" else {}
    model = getattr(torchvision.models, arch)(weights=None, **kwargs)
    if pth:
        model.load_state_dict(torch.load(pth, map_location="cpu"))
    return model.eval()


@torch.no_grad()
def perturb(model, seed):
    g = torch.Generator().manual_seed(seed + 1)
    for name, t in model.state_dict().items():
        if not t.is_floating_point():
            continue
        noise = torch.randn(t.shape, generator=g)
        if name.endswith("running_var"):
            t.copy_(1 + 0.1 * noise.abs())
        else:
            t.add_(0.02 * noise)


def write(out_dir, model):
    os.makedirs(out_dir, exist_ok=True)
    specs, chunks = [], []
    for name, t in model.state_dict().items():
        if not t.is_floating_point():
            continue  # num_batches_tracked
        specs.append({"name": name, "shape": list(t.shape), "dtype": "float32"})
        chunks.append(t.detach().to(torch.float32).numpy().astype("<f4").tobytes())
    with open(os.path.join(out_dir, "weights.bin"), "wb") as f:
        f.write(b"".join(chunks))
    manifest = {"format": "torch-state-dict", "generatedBy": f"torchvision {torchvision.__version__}",
                "weightsManifest": [{"paths": ["./weights.bin"], "weights": specs}]}
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(manifest, f)


@torch.no_grad()
def probe(out_dir, model, arch, seed):
    side = SIDE.get(arch, 224)
    g = torch.Generator().manual_seed(seed + 2)
    image = torch.rand((1, side, side, 3), generator=g)
    logits = model(image.permute(0, 3, 1, 2))
    image.numpy().astype("<f4").tofile(os.path.join(out_dir, "probe-input.bin"))
    logits.numpy().astype("<f4").tofile(os.path.join(out_dir, "probe-logits.bin"))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    p.add_argument("arch")
    p.add_argument("out_dir")
    p.add_argument("--pth")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--probe", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(1)
    model = build(a.arch, a.pth, a.seed)
    if a.probe and not a.pth:
        perturb(model, a.seed)
    write(a.out_dir, model)
    if a.probe:
        probe(a.out_dir, model, a.arch, a.seed)


if __name__ == "__main__":
    main()
