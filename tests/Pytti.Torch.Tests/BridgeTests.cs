using Pytti.Torch;
using Pytti.Torch.Native;

namespace Pytti.Torch.Tests;

public class BridgeTests
{
    [Fact]
    public void Every_operator_the_layer_uses_resolves_in_the_linked_libtorch()
    {
        var missing = new List<string>();
        foreach (var op in Ops.All())
        {
            try { Assert.NotEqual(IntPtr.Zero, op.Handle); }
            catch (TorchException e) { missing.Add($"{op.Name}.{op.Overload}: {e.Message}"); }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Unknown_operator_is_a_clear_exception()
    {
        var e = Assert.Throws<TorchException>(() => new Op("aten::no_such_op", "").Handle);
        Assert.Contains("aten::no_such_op", e.Message);
    }

    [Fact]
    public void Bad_shapes_raise_a_dotnet_exception_with_libtorch_message_and_the_process_goes_on()
    {
        using var guard = new LeakGuard();
        using var a = Tensor.Ones([2, 3]);
        using var b = Tensor.Ones([4, 5]);
        var e = Assert.Throws<TorchException>(() => Functional.Mm(a, b));
        Assert.Contains("cannot be multiplied", e.Message);
        // The bridge is still usable after the failure.
        using var rows = b.Narrow(0, 0, 3);
        using var fitting = rows.Narrow(1, 0, 2);
        using var ok = Functional.Mm(a, fitting);
        Assert.Equal([2L, 2L], ok.Shape);
    }

    [Fact]
    public void Wrong_argument_count_is_reported_with_the_schema()
    {
        using var a = Tensor.Ones([2]);
        var e = Assert.Throws<TorchException>(() => Ops.Neg.Call(a, a, a));
        Assert.Contains("aten::neg", e.Message);
    }

    [Fact]
    public void Results_beyond_the_inline_buffer_are_all_returned()
    {
        using var guard = new LeakGuard();
        using var x = Tensor.Arange(20L);
        var parts = x.Split(1);
        Assert.Equal(20, parts.Length);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), parts.Select(p => p.ToArray<long>()[0]));
        foreach (var p in parts) p.Dispose();
    }

    [Fact]
    public void Build_reports_version_and_blas()
    {
        Assert.StartsWith("1.", LibTorch.Version);
        Assert.Contains("BLAS", LibTorch.BuildConfig);
    }

    [Fact]
    public void Cuda_queries_answer_on_a_cpu_only_machine()
    {
        Assert.True(LibTorch.CudaDeviceCount >= 0);
        Assert.Equal(LibTorch.CudaDeviceCount > 0, LibTorch.CudaIsAvailable);
    }

    [Fact]
    public void Thread_count_can_be_set_and_read()
    {
        var before = LibTorch.NumThreads;
        try
        {
            LibTorch.NumThreads = 1;
            Assert.Equal(1, LibTorch.NumThreads);
            Assert.Throws<TorchException>(() => LibTorch.NumThreads = 0);
        }
        finally
        {
            LibTorch.NumThreads = before;
        }
    }
}
