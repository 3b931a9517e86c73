"""PyTorch eager baseline for tests/Pytti.Benchmarks: the same workloads, median nanoseconds as JSON.

Keep in step with tests/Pytti.Benchmarks/Workloads.cs and BridgeBenchmarks.cs.
"""
import json
import statistics
import sys
import time

import torch
from torch import nn

THREADS, GEMM, WIDTH, HEADS, TOKENS, BATCH = 2, 1024, 768, 12, 50, 8


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ClipBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(WIDTH)
        self.attn = nn.MultiheadAttention(WIDTH, HEADS)
        self.ln_2 = nn.LayerNorm(WIDTH)
        self.mlp = nn.Sequential(nn.Linear(WIDTH, WIDTH * 4), QuickGELU(), nn.Linear(WIDTH * 4, WIDTH))

    def forward(self, x):
        h = self.ln_1(x)
        y = x + self.attn(h, h, h, need_weights=False)[0]
        return y + self.mlp(self.ln_2(y))


def median_ns(fn, repeat, inner=1, warmup=2):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter_ns() - start) / inner)
    return statistics.median(samples)


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    a, b = torch.ones(1), torch.ones(1)
    ma, mb = torch.randn(GEMM, GEMM), torch.randn(GEMM, GEMM)
    block = ClipBlock()
    x = torch.randn(TOKENS, BATCH, WIDTH, requires_grad=True)

    def block_step():
        y = block(x)
        y.square().mean().backward()
        x.grad = None
        for p in block.parameters():
            p.grad = None

    results = {
        "TinyAdd": median_ns(lambda: a + b, repeat=7, inner=1000),
        "Gemm1024": median_ns(lambda: ma @ mb, repeat=7),
        "ClipBlockForwardBackward": median_ns(block_step, repeat=7),
    }
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
