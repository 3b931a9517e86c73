using BenchmarkDotNet.Attributes;
using Pytti.Torch;

namespace Pytti.Benchmarks;

/// <summary>Per-call cost of the bridge, GEMM throughput and a CLIP-sized block, forward and backward.</summary>
[MemoryDiagnoser]
public class BridgeBenchmarks
{
    private Tensor _a = null!, _b = null!, _ma = null!, _mb = null!, _x = null!;
    private Workloads.ClipBlock _block = null!;

    [GlobalSetup]
    public void Setup()
    {
        LibTorch.NumThreads = Workloads.Threads;
        LibTorch.ManualSeed(0);
        _a = Tensor.Ones([1]);
        _b = Tensor.Ones([1]);
        _ma = Tensor.RandN([Workloads.GemmSize, Workloads.GemmSize]);
        _mb = Tensor.RandN([Workloads.GemmSize, Workloads.GemmSize]);
        _block = new Workloads.ClipBlock(Workloads.BlockWidth, Workloads.BlockHeads);
        _x = Tensor.RandN([Workloads.BlockTokens, Workloads.BlockBatch, Workloads.BlockWidth]).RequiresGrad_();
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
        using var c = Functional.MatMul(_ma, _mb);
    }

    [Benchmark]
    public void ClipBlockForwardBackward()
    {
        using var scope = LibTorch.NewDisposeScope();
        var y = _block.Forward(_x);
        y.Square().Mean().Backward();
        _x.ClearGrad();
        foreach (var p in _block.Parameters()) p.ClearGrad();
    }
}
