"""How fast fp32 GEMM runs through oneDNN compared with OpenBLAS on this machine, for issue 3's CLIP step.

Debian's libtorch links both: dense `linear`/`mm` go to OpenBLAS, `mkldnn_linear` (on oneDNN-layout tensors) to
oneDNN. Prints GFLOP/s for a ViT-B MLP-sized GEMM (2000x768 by 768x3072, the 40 cutouts' tokens), with and without
the layout conversions a dense caller pays, and checks the results agree to fp32 rounding.
Run: /usr/bin/python3 build/bench/onednn_probe.py   (needs Debian's python3-torch: build/setup.sh --bench)
"""
import time

import torch

M, K, N = 2000, 768, 3072
FLOP = 2 * M * K * N


def gflops(fn, runs=20):
    fn()
    start = time.perf_counter()
    for _ in range(runs):
        fn()
    return FLOP / ((time.perf_counter() - start) / runs) / 1e9


def main():
    torch.set_num_threads(2)
    torch.manual_seed(0)
    x, w, b = torch.randn(M, K), torch.randn(N, K) * 0.02, torch.randn(N)
    with torch.no_grad():
        dense = torch.nn.functional.linear(x, w, b)
        xm, wm, bm = x.to_mkldnn(), w.to_mkldnn(), b.to_mkldnn()
        onednn = torch._C._nn.mkldnn_linear(xm, wm, bm).to_dense()
        print(f"max |oneDNN - OpenBLAS| / max |y| = {((onednn - dense).abs().max() / dense.abs().max()).item():.2e}")
        print(f"OpenBLAS linear                      {gflops(lambda: torch.nn.functional.linear(x, w, b)):7.1f} GFLOP/s")
        print(f"oneDNN mkldnn_linear                 {gflops(lambda: torch._C._nn.mkldnn_linear(xm, wm, bm)):7.1f} GFLOP/s")
        print(f"oneDNN with dense in/out conversions {gflops(lambda: torch._C._nn.mkldnn_linear(x.to_mkldnn(), wm, bm).to_dense()):7.1f} GFLOP/s")


if __name__ == "__main__":
    main()
