using Pytti.Testing;
using Pytti.Torch.NN;
using TorchSharp;

namespace Pytti.Torch.Tests;

public class TorchScriptTests
{
    [Fact]
    public void Libtorch_loads_the_openai_style_archive_and_agrees_with_our_reader()
    {
        using var guard = new LeakGuard();
        var path = SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt");
        var native = Weights.LoadTorchScriptNative(path);
        var managed = Weights.LoadTorch(path);
        try
        {
            Assert.Equal(native.Keys.Order(), managed.Keys.Order());
            Assert.Contains("visual.conv1.weight", native.Keys);
            Assert.Contains("input_resolution", native.Keys);
            foreach (var (name, t) in native)
                Assert.True(TensorAssert.Bytes(t).AsSpan().SequenceEqual(TensorAssert.Bytes(managed[name])), $"{name} differs");
        }
        finally
        {
            native.DisposeAll();
            managed.DisposeAll();
        }
    }


    [Fact]
    public void A_missing_or_broken_archive_is_a_clear_error()
    {
        using var guard = new LeakGuard();
        Assert.Throws<FileNotFoundException>(() => Weights.LoadTorchScriptNative("/nonexistent/model.pt"));
        var notAnArchive = SharedFixtures.Path("fixtures", "clip", "tokenizer_cases.json");
        var e = Assert.Throws<TorchException>(() => Weights.LoadTorchScriptNative(notAnArchive));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }
}
