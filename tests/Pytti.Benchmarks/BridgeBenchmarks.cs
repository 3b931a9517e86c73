using BenchmarkDotNet.Attributes;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Benchmarks;

/// <summary>Per-call cost of the bridge, GEMM throughput and a CLIP-sized block, forward and backward.</summary>
[MemoryDiagnoser]
public class BridgeBenchmarks
{
    private torch.Tensor _a = null!, _b = null!, _ma = null!, _mb = null!, _x = null!;
    private Workloads.ClipBlock _block = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Workloads.Threads);
        torch.manual_seed(0);
        _a = torch.ones(1);
        _b = torch.ones(1);
        _ma = torch.randn(Workloads.GemmSize, Workloads.GemmSize);
        _mb = torch.randn(Workloads.GemmSize, Workloads.GemmSize);
        _block = new Workloads.ClipBlock(Workloads.BlockWidth, Workloads.BlockHeads);
        _x = torch.randn(Workloads.BlockTokens, Workloads.BlockBatch, Workloads.BlockWidth).requires_grad_();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var t in new[] { _a, _b, _ma, _mb, _x }) t.Dispose();
        _block.Dispose();
    }

    /// <summary>A one-element add: bridge call, result handle and its disposal.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public void TinyAdd()
    {
        for (var i = 0; i < 1000; i++)
        {
            using var c = _a + _b;
        }
    }

    [Benchmark]
    public void Gemm1024()
    {
        using var c = torch.matmul(_ma, _mb);
    }

    [Benchmark]
    public void ClipBlockForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        var y = _block.forward(_x);
        y.square().mean().Backward();
        _x.grad = null;
        foreach (var p in _block.parameters()) p.grad = null;
    }
}
