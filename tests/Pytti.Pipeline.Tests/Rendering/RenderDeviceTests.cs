using Pytti.Pipeline.Rendering;
using Pytti.Torch;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>The scene's <c>device</c> as a user writes it, on this CPU-runtime build: what a CUDA request is told.</summary>
public class RenderDeviceTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    [InlineData("auto")]
    public void Cpu_and_auto_are_the_cpu(string text) => Assert.Equal(Device.Cpu, RenderDevice.Resolve(text));

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    [InlineData("0")]
    public void Cuda_on_the_cpu_runtime_names_the_missing_package_and_the_property(string text)
    {
        Assert.False(LibTorchInfo.BuiltWithCuda);   // these tests run against TorchSharp-cpu
        var e = Assert.Throws<RenderException>(() => RenderDevice.Resolve(text));
        Assert.Equal(PipelineErrorCodes.DeviceUnavailable, e.Code);
        Assert.Contains($"device '{text}' needs TorchSharp's CUDA libtorch", e.Message);
        Assert.Contains("-p:PyttiLibTorchRuntime=cuda", e.Message);
        Assert.Contains("--device cpu", e.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    public void Something_that_is_not_a_device_is_a_clear_error(string text)
    {
        var e = Assert.Throws<RenderException>(() => RenderDevice.Resolve(text));
        Assert.Equal(PipelineErrorCodes.DeviceUnavailable, e.Code);
        Assert.Contains($"'{text}' is not a device; use 'cpu', 'cuda' or 'cuda:N'", e.Message);
    }
}
