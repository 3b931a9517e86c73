namespace Pytti.Torch;

public enum DeviceType { Cpu = 0, Cuda = 1 }

/// <summary>A compute device: <c>cpu</c> or <c>cuda:N</c>.</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    public static readonly Device Cpu = new(DeviceType.Cpu);

    public static Device Cuda(int index = 0) => new(DeviceType.Cuda, index);

    public bool IsCuda => Type == DeviceType.Cuda;

    /// <summary>TorchSharp's device, for code on TorchSharp's types (a <see cref="TorchException"/> where this process cannot use it).</summary>
    public TorchSharp.torch.Device ToTorch() => TorchSharpTypes.ToTorch(this);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> (case-insensitive).</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return Cpu;
        if (t == "cuda") return Cuda(0);
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t.AsSpan(5), out var index) && index >= 0)
            return Cuda(index);
        throw new FormatException($"'{text}' is not a device; use 'cpu', 'cuda' or 'cuda:N'.");
    }

    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}
