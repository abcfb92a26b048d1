"""The nine ImageNot architectures at workshop scale in PyTorch: the peers of src/models/*.ts for the
benchmarks, built to the same layer shapes (28x28x1 inputs, 10 classes) and the same parameter counts.

Where torchvision's classes take the workshop config (DenseNet, MobileNetV3, EfficientNet, ViT, ConvNeXt,
Inception's modules, ResNet's Bottleneck) they are used, with the stem swapped for the small-input one our
models use; AlexNet and VGG are written out. Debian's python3-torch 1.13 / python3-torchvision 0.14.

    from torch_archs import ARCHS, build
    model = build("densenet161")          # an nn.Module taking [N, 1, 28, 28], giving [N, 10] logits
"""
from functools import partial

import torch.nn as nn
from torchvision.models import inception as tv_inception
from torchvision.models.convnext import CNBlockConfig, ConvNeXt
from torchvision.models.densenet import DenseNet
from torchvision.models.efficientnet import EfficientNet, FusedMBConvConfig, MBConvConfig
from torchvision.models.mobilenetv3 import InvertedResidualConfig, MobileNetV3
from torchvision.models.resnet import Bottleneck
from torchvision.models.vision_transformer import VisionTransformer
from torchvision.ops.misc import Conv2dNormActivation

ARCHS = (
    "alexnet",
    "vgg19",
    "inception_v3",
    "resnet152",
    "densenet161",
    "mobilenet_v3_large",
    "efficientnet_v2_l",
    "vit_b_16",
    "convnext_large",
)

IN_CHANNELS = 1
CLASSES = 10


def alexnet() -> nn.Module:
    """ALEXNET_SMALL: five convs (pools after the 1st, 2nd, 5th), pooled to 1x1, 256-wide classifier."""
    convs = [(32, 5, 1, 2), (64, 3, 1, 1), (96, 3, 1, 1), (64, 3, 1, 1), (64, 3, 1, 1)]
    layers, c = [], IN_CHANNELS
    for i, (out, k, s, p) in enumerate(convs):
        layers += [nn.Conv2d(c, out, k, s, p), nn.ReLU(inplace=True)]
        if i in (0, 1, 4):
            layers.append(nn.MaxPool2d(3, 2))
        c = out
    return nn.Sequential(
        *layers,
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Dropout(0.5),
        nn.Linear(c, 256),
        nn.ReLU(inplace=True),
        nn.Dropout(0.5),
        nn.Linear(256, 256),
        nn.ReLU(inplace=True),
        nn.Linear(256, CLASSES),
    )


def vgg19() -> nn.Module:
    """VGG_SMALL: [16 M 32 M 64 64 M 128 128 M], no BatchNorm, pooled to 1x1, 128-wide classifier."""
    layers, c = [], IN_CHANNELS
    for v in [16, "M", 32, "M", 64, 64, "M", 128, 128, "M"]:
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU(inplace=True)]
            c = v
    return nn.Sequential(
        *layers,
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(c, 128),
        nn.ReLU(inplace=True),
        nn.Dropout(0.5),
        nn.Linear(128, 128),
        nn.ReLU(inplace=True),
        nn.Dropout(0.5),
        nn.Linear(128, CLASSES),
    )


def inception_v3() -> nn.Module:
    """INCEPTION_SMALL: torchvision's Inception modules at an eighth of the channels (every paper width is a
    multiple of 8, so the modules are given paper widths and the conv block divides them), short stem."""

    def unit(cin: int, cout: int, **kwargs) -> nn.Module:
        return tv_inception.BasicConv2d(cin // 8, cout // 8, **kwargs)

    def stem_unit(cin: int, cout: int, **kwargs) -> nn.Module:
        return tv_inception.BasicConv2d(cin, cout, **kwargs)

    m = tv_inception
    return nn.Sequential(
        stem_unit(IN_CHANNELS, 4, kernel_size=3, padding=1),
        nn.MaxPool2d(3, 2),
        stem_unit(4, 10, kernel_size=1),
        stem_unit(10, 24, kernel_size=3, padding=1),
        m.InceptionA(192, 32, conv_block=unit),
        m.InceptionA(256, 64, conv_block=unit),
        m.InceptionA(288, 64, conv_block=unit),
        m.InceptionB(288, conv_block=unit),
        m.InceptionC(768, 128, conv_block=unit),
        m.InceptionC(768, 160, conv_block=unit),
        m.InceptionC(768, 160, conv_block=unit),
        m.InceptionC(768, 192, conv_block=unit),
        m.InceptionD(768, conv_block=unit),
        m.InceptionE(1280, conv_block=unit),
        m.InceptionE(2048, conv_block=unit),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Dropout(0.5),
        nn.Linear(2048 // 8, CLASSES),
    )


def _cifar_stem(out: int) -> nn.Module:
    """builder-kit's convStem "cifar": conv 3x3 stride 1, BatchNorm, ReLU, no pool."""
    return nn.Sequential(
        nn.Conv2d(IN_CHANNELS, out, 3, 1, 1, bias=False), nn.BatchNorm2d(out), nn.ReLU(inplace=True)
    )


def resnet152() -> nn.Module:
    """RESNET_SMALL: torchvision Bottlenecks, stages [1, 2, 2, 1] of widths [8, 16, 32, 64], cifar stem 16."""
    layers, c = [_cifar_stem(16)], 16
    for stage, (blocks, width) in enumerate(zip([1, 2, 2, 1], [8, 16, 32, 64])):
        for b in range(blocks):
            stride = 2 if b == 0 and stage > 0 else 1
            down = None
            if stride != 1 or c != width * Bottleneck.expansion:
                down = nn.Sequential(
                    nn.Conv2d(c, width * Bottleneck.expansion, 1, stride, bias=False),
                    nn.BatchNorm2d(width * Bottleneck.expansion),
                )
            layers.append(Bottleneck(c, width, stride, down))
            c = width * Bottleneck.expansion
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, CLASSES))


def densenet161() -> nn.Module:
    """DENSENET_SMALL: torchvision's DenseNet, growth 12, blocks [4, 4, 4], 24 initial features, cifar stem."""
    model = DenseNet(12, (4, 4, 4), 24, 4, 0, CLASSES)
    model.features.conv0 = nn.Conv2d(IN_CHANNELS, 24, 3, 1, 1, bias=False)
    model.features.pool0 = nn.Identity()
    return model


def mobilenet_v3_large() -> nn.Module:
    """MOBILENET_SMALL: the first eight rows of torchvision's large table, stride-1 stem, 256-wide head."""
    rows = [
        (16, 3, 16, 16, False, "RE", 1),
        (16, 3, 64, 24, False, "RE", 2),
        (24, 3, 72, 24, False, "RE", 1),
        (24, 5, 72, 40, True, "RE", 2),
        (40, 5, 120, 40, True, "RE", 1),
        (40, 5, 120, 40, True, "RE", 1),
        (40, 3, 240, 80, False, "HS", 2),
        (80, 3, 200, 80, False, "HS", 1),
    ]
    setting = [InvertedResidualConfig(*row[:6], row[6], 1, 1.0) for row in rows]
    norm = partial(nn.BatchNorm2d, eps=0.001, momentum=0.1)
    model = MobileNetV3(setting, 256, CLASSES, norm_layer=norm)
    model.features[0] = Conv2dNormActivation(
        IN_CHANNELS, 16, 3, stride=1, norm_layer=norm, activation_layer=nn.Hardswish
    )
    return model


def efficientnet_v2_l() -> nn.Module:
    """EFFICIENTNET_SMALL: two fused-MBConv and two MBConv stages, stride-1 stem, 256-wide last conv."""
    setting = [
        FusedMBConvConfig(1, 3, 1, 16, 16, 1),
        FusedMBConvConfig(4, 3, 2, 16, 32, 2),
        MBConvConfig(4, 3, 2, 32, 64, 2),
        MBConvConfig(6, 3, 1, 64, 96, 2),
    ]
    norm = partial(nn.BatchNorm2d, eps=1e-3)
    model = EfficientNet(setting, 0.2, 0.1, CLASSES, norm_layer=norm, last_channel=256)
    model.features[0] = Conv2dNormActivation(
        IN_CHANNELS, 16, 3, stride=1, norm_layer=norm, activation_layer=nn.SiLU
    )
    return model


def vit_b_16() -> nn.Module:
    """VIT_SMALL: torchvision's VisionTransformer, patch 4 on 28 pixels, 4 layers, 4 heads, width 64, MLP 128."""
    model = VisionTransformer(28, 4, 4, 4, 64, 128, num_classes=CLASSES)
    model.conv_proj = nn.Conv2d(IN_CHANNELS, 64, 4, 4)
    return model


def convnext_large() -> nn.Module:
    """CONVNEXT_SMALL: torchvision's ConvNeXt, dims [16, 32, 64, 128], depths [1, 1, 2, 1], 2x2 patch stem."""
    dims, depths = [16, 32, 64, 128], [1, 1, 2, 1]
    setting = [
        CNBlockConfig(d, dims[i + 1] if i + 1 < len(dims) else None, n)
        for i, (d, n) in enumerate(zip(dims, depths))
    ]
    model = ConvNeXt(setting, 0.1, 1e-6, CLASSES)
    model.features[0][0] = nn.Conv2d(IN_CHANNELS, 16, 2, 2)
    return model


def build(arch: str) -> nn.Module:
    """The workshop-scale `arch` (a torchvision builder name, as in ARCHS) for 28x28x1 inputs and 10 classes."""
    if arch not in ARCHS:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {', '.join(ARCHS)}")
    return globals()[arch]()


def trainable_params(model: nn.Module) -> int:
    """Trainable parameters, counted as src/models/registry.ts trainableParams counts them."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
