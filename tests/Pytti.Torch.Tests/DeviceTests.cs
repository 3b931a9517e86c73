using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>Scene and CLI device names, and what a CUDA device gives on a machine with and without one.</summary>
public class DeviceTests
{
    [Fact]
    public void Device_names_parse()
    {
        Assert.Equal(Device.Cpu, Device.Parse("cpu"));
        Assert.Equal(Device.Cuda(1), Device.Parse("CUDA:1"));
        Assert.Equal("cuda:0", Device.Parse("cuda").ToString());
        Assert.Throws<FormatException>(() => Device.Parse("gpu"));
    }

    [Fact]
    public void Cuda_tensors_work_where_cuda_exists_and_are_a_clear_error_elsewhere()
    {
        using var guard = new LeakGuard();
        if (torch.cuda.is_available())
        {
            using var onGpu = torch.ones(2, device: Device.Cuda(0).ToTorch());
            Assert.Equal(TorchSharp.DeviceType.CUDA, onGpu.device_type);
            using var back = onGpu.cpu();
            Assert.Equal([1f, 1f], TensorAssert.Floats(back));
        }
        else
        {
            var e = Assert.Throws<TorchException>(() => torch.zeros(2, device: Device.Cuda(0).ToTorch()));
            Assert.Contains("CUDA", e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
