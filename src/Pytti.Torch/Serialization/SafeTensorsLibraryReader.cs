using System.Runtime.InteropServices;
using System.Text.Json;
using TS = TorchSharp;

namespace Pytti.Torch.Serialization;

/// <summary>
/// The tensors of a safetensors file, read by TorchSharp.PyBridge. PyBridge allocates whatever shape a header
/// claims before comparing it with the data, so it only ever sees a file whose header
/// <see cref="SafeTensorsReader"/> has already checked against the file (dtypes, shapes and offsets, with
/// arithmetic that cannot wrap around); what it returns must then match that header tensor for tensor.
/// </summary>
internal static class SafeTensorsLibraryReader
{
    /// <summary>The tensors of <paramref name="header"/>'s file in file order, floating-point ones as <paramref name="floatType"/> when given.</summary>
    public static Dictionary<string, TS.torch.Tensor> Load(string path, StateDict header, DType? floatType, Device? device)
    {
        var loaded = Read(path);
        var result = new Dictionary<string, TS.torch.Tensor>(header.Count);
        try
        {
            if (loaded.Count != header.Count)
                throw WeightFormatException.Corrupt(path, $"the header lists {header.Count} tensors but {loaded.Count} were read");
            foreach (var record in header.Values)
            {
                var raw = Take(path, loaded, record);
                var target = floatType is { } f && record.DType.IsFloatingPoint() ? f : record.DType;
                result[record.Name] = Convert(raw, target, device).DetachFromDisposeScope();
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            foreach (var t in loaded.Values) t.Dispose();
            throw;
        }
    }

    private static Dictionary<string, TS.torch.Tensor> Read(string path)
    {
        try
        {
            var tensors = TS.PyBridge.Safetensors.LoadStateDict(path);
            foreach (var t in tensors.Values) t.DetachFromDisposeScope();
            return tensors;
        }
        catch (Exception e) when (e is JsonException or NotImplementedException or ArgumentException or EndOfStreamException or ExternalException)
        {
            throw WeightFormatException.Corrupt(path, $"TorchSharp.PyBridge cannot read its tensors ({e.Message.Split('\n', 2)[0].Trim()})", e);
        }
    }

    // Removes the tensor from the loaded set (so a failure disposes only what is left) and checks it against the header.
    private static TS.torch.Tensor Take(string path, Dictionary<string, TS.torch.Tensor> loaded, TensorRecord record)
    {
        if (!loaded.Remove(record.Name, out var tensor))
            throw WeightFormatException.Corrupt(path, $"tensor '{record.Name}' of the header was not read");
        if ((DType)(sbyte)tensor.dtype != record.DType || !tensor.shape.SequenceEqual(record.Shape))
        {
            tensor.Dispose();
            throw WeightFormatException.Corrupt(path, $"tensor '{record.Name}' was read as {tensor.dtype}[{string.Join(", ", tensor.shape)}], not as its header says");
        }
        return tensor;
    }

    private static TS.torch.Tensor Convert(TS.torch.Tensor raw, DType target, Device? device)
    {
        if ((DType)(sbyte)raw.dtype == target && device is null or { IsCuda: false }) return raw;
        using (raw) return raw.to(target.ToTorch(), device.ToTorch());
    }
}
