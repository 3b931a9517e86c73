using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>
/// A pickle that would run a shell command when loaded by Python's pickle module runs nothing here:
/// the call is recorded as an inert placeholder, and loading reports what the file holds.
/// </summary>
public sealed class HostilePickleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Marker => _dir.File("pwned");

    // posix.system('touch <marker>'), exactly what a malicious __reduce__ produces.
    private PickleBuilder SystemCall(PickleBuilder pickle) =>
        pickle.Global("posix", "system").Mark().Str($"touch {Marker}").Op('t').Op('R');

    [Fact]
    public void BarePickleCallIsRecordedNotExecuted()
    {
        var bytes = SystemCall(new PickleBuilder()).Stop();

        var value = new Unpickler(new MemoryStream(bytes), "evil.pkl").Load();

        var placeholder = Assert.IsType<PyObject>(value);
        Assert.Equal("posix.system", placeholder.ClassName);
        Assert.Equal($"touch {Marker}", Assert.Single(placeholder.Args));
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void BarePickleFileIsRejectedAsNotATorchFile()
    {
        string path = _dir.Write("evil.pth", SystemCall(new PickleBuilder()).Stop());

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Equal(WeightErrorCodes.UnsupportedFormat, error.Code);
        Assert.Equal($"{path}: this is a plain Python pickle, not a file written by torch.save. Pass a .safetensors file or a PyTorch checkpoint (.pt, .pth, .ckpt, .bin) written by torch.save or torch.jit.save", error.Message);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void HostileDataPickleInATorchZipYieldsAClearErrorAndNoSideEffect()
    {
        string path = _dir.File("evil.pt");
        TorchZipBuilder.Write(path, SystemCall(new PickleBuilder()).Stop(), new Dictionary<string, byte[]>());

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Equal(WeightErrorCodes.NoStateDict, error.Code);
        Assert.Contains($"the file holds no tensors (its top-level object is posix.system('touch {Marker}'))", error.Message);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void HostileEntryBesideRealWeightsIsIgnored()
    {
        var pickle = new PickleBuilder().Op('}').Mark()
            .Str("weight").Tensor("FloatStorage", "0", 2, 0, [2], [1])
            .Str("payload");
        var bytes = SystemCall(pickle).Op('u').Stop();
        string path = _dir.File("mixed.pt");
        TorchZipBuilder.Write(path, bytes, new Dictionary<string, byte[]> { ["0"] = new byte[8] });

        var dict = WeightFile.Load(path);

        Assert.Equal(["weight"], dict.Keys);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void BuildStateIsRecordedOnThePlaceholderNotApplied()
    {
        // NEWOBJ of an arbitrary class followed by BUILD: Python would call __setstate__.
        var bytes = new PickleBuilder().Global("subprocess", "Popen").Op(')').Raw(0x81)
            .Op('}').Str("args").Str($"touch {Marker}").Op('s').Op('b').Stop();

        var value = new Unpickler(new MemoryStream(bytes), "evil.pkl").Load();

        var placeholder = Assert.IsType<PyObject>(value);
        Assert.Equal("subprocess.Popen", placeholder.ClassName);
        Assert.True(Assert.IsType<PyDict>(placeholder.State).TryGet("args", out var args));
        Assert.Equal($"touch {Marker}", args);
        Assert.False(File.Exists(Marker));
    }
}
