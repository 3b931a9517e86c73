using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>The runtime under the tensor layer: TorchSharp's libtorch loads, reports itself and survives its own errors.</summary>
public class TorchRuntimeTests
{
    [Fact]
    public void Bad_shapes_raise_a_dotnet_exception_with_libtorch_message_and_the_process_goes_on()
    {
        using var guard = new LeakGuard();
        using var a = torch.ones(2, 3);
        using var b = torch.ones(4, 5);
        var e = Assert.ThrowsAny<Exception>(() => torch.mm(a, b));
        Assert.Contains("cannot be multiplied", e.Message);
        // libtorch is still usable after the failure.
        using var rows = b.narrow(0, 0, 3);
        using var fitting = rows.narrow(1, 0, 2);
        using var ok = torch.mm(a, fitting);
        Assert.Equal([2L, 2L], ok.shape);
    }

    [Fact]
    public void Operators_with_many_results_return_them_all()
    {
        using var guard = new LeakGuard();
        using var x = torch.arange(20L);
        var parts = x.split(1);
        Assert.Equal(20, parts.Length);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), parts.Select(p => p.item<long>()));
        foreach (var p in parts) p.Dispose();
    }

    [Fact]
    public void The_libtorch_version_is_the_runtime_package_s()
    {
        Assert.Equal("2.10.0", LibTorchInfo.Version);
        Assert.Equal("cpu", LibTorchInfo.Runtime);
        Assert.False(LibTorchInfo.BuiltWithCuda);
    }

    [Fact]
    public void Cuda_queries_answer_on_a_cpu_only_machine()
    {
        Assert.True(torch.cuda.device_count() >= 0);
        Assert.Equal(torch.cuda.device_count() > 0, torch.cuda.is_available());
    }
}
