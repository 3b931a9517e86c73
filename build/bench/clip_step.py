"""PyTorch eager baseline of tests/Pytti.Benchmarks/ClipStep.cs: one PyTTI step's CLIP work with a
ViT-B/32-sized CLIP image tower (random weights, frozen), 40 box-averaged 224x224 cutouts from a
512x512 image, CLIP normalisation, spherical distance to a text embedding, backward to the image.
Prints {"ClipStep": median seconds} as JSON.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

from pytorch_eager import ClipBlock as Block  # the same ViT-B residual block (width 768, 12 heads)

WIDTH, LAYERS, PATCH, RES, EMBED, CUTOUTS, SIZE = 768, 12, 32, 224, 512, 40, 512


class Visual(nn.Module):
    def __init__(self):
        super().__init__()
        grid = RES // PATCH
        self.conv1 = nn.Conv2d(3, WIDTH, PATCH, stride=PATCH, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(WIDTH) * WIDTH ** -0.5)
        self.positional_embedding = nn.Parameter(torch.randn(grid * grid + 1, WIDTH) * WIDTH ** -0.5)
        self.ln_pre = nn.LayerNorm(WIDTH)
        self.blocks = nn.Sequential(*[Block() for _ in range(LAYERS)])
        self.ln_post = nn.LayerNorm(WIDTH)
        self.proj = nn.Parameter(torch.randn(WIDTH, EMBED) * WIDTH ** -0.5)

    def forward(self, x):
        x = self.conv1(x)
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)
        x = torch.cat([self.class_embedding + torch.zeros(x.shape[0], 1, x.shape[-1]), x], dim=1)
        x = self.ln_pre(x + self.positional_embedding).permute(1, 0, 2)
        x = self.blocks(x).permute(1, 0, 2)
        return self.ln_post(x[:, 0, :]) @ self.proj


def main():
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = Visual().eval().requires_grad_(False)
    image = torch.rand(1, 3, SIZE, SIZE, requires_grad=True)
    text = torch.randn(1, EMBED)
    mean = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(1, 3, 1, 1)
    std = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(1, 3, 1, 1)
    gen = torch.Generator().manual_seed(2)

    def step():
        crops = []
        for _ in range(CUTOUTS):
            size = int(SIZE * float(torch.empty(1).normal_(0.8, 0.3, generator=gen).clip(RES / SIZE, 1.0)))
            ox = int(torch.randint(0, SIZE - size + 1, (), generator=gen))
            oy = int(torch.randint(0, SIZE - size + 1, (), generator=gen))
            crops.append(F.adaptive_avg_pool2d(image[:, :, oy:oy + size, ox:ox + size], RES))
        features = model((torch.cat(crops) - mean) / std)
        a, b = F.normalize(features, dim=-1), F.normalize(text, dim=-1)
        loss = (a - b).norm(dim=-1).div(2).arcsin().pow(2).mul(2).mean()
        loss.backward()
        image.grad = None

    step()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    json.dump({"ClipStep": statistics.median(times)}, sys.stdout)


if __name__ == "__main__":
    main()
