using Pytti.Torch.Serialization;
using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>Weight files as TorchSharp tensors: the bridge between <see cref="WeightFile"/> records and libtorch.</summary>
public static class Weights
{
    /// <summary>
    /// A new TorchSharp tensor holding a record's values (strided views materialised; optionally converted, e.g. fp16 → fp32),
    /// outside any dispose scope (the caller owns it).
    /// </summary>
    public static TS.torch.Tensor ToTorch(TensorRecord record, DType? convertTo = null, Device? device = null)
    {
        var dtype = convertTo ?? record.DType;
        var bytes = dtype == record.DType ? record.ToContiguousBytes() : record.ToContiguousBytes(dtype);
        return TorchTensors.FromBytes(bytes, dtype, record.Shape, device ?? Device.Cpu).DetachFromDisposeScope();
    }

    /// <summary>
    /// Loads every tensor of a weight file (any supported format) in the file's key order, outside any dispose scope: the
    /// caller owns them (<see cref="NN.ModuleWeights.DisposeAll"/>). Floating-point tensors become <paramref name="floatType"/>
    /// when given; integer tensors keep their type. The file is checked first (header, sizes, offsets); safetensors data is
    /// then read by TorchSharp.PyBridge, the torch.save formats by our own readers (Serialization/README.md says why).
    /// </summary>
    public static Dictionary<string, TS.torch.Tensor> LoadTorch(string path, DType? floatType = null, Device? device = null, WeightLoadOptions? options = null)
    {
        var stateDict = WeightFile.Load(path, options);
        return stateDict.Format == WeightFormat.SafeTensors
            ? SafeTensorsLibraryReader.Load(path, stateDict, floatType, device)
            : FromRecords(stateDict, floatType, device);
    }

    private static Dictionary<string, TS.torch.Tensor> FromRecords(StateDict stateDict, DType? floatType, Device? device)
    {
        var result = new Dictionary<string, TS.torch.Tensor>(stateDict.Count);
        try
        {
            foreach (var (name, record) in stateDict)
            {
                var target = floatType is { } f && record.DType.IsFloatingPoint() ? f : record.DType;
                result[name] = ToTorch(record, target, device);
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>Writes tensors (from any device, any layout) as a safetensors file (atomically).</summary>
    public static void SaveSafeTensors(string path, IReadOnlyDictionary<string, TS.torch.Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsWriter.Write(path, tensors.Select(kv => (kv.Key, (DType)(sbyte)kv.Value.dtype, kv.Value.shape, HostBytes(kv.Value))), metadata);

    /// <summary>The raw little-endian bytes of the elements in row-major order, through a dense CPU copy when the tensor is not one already.</summary>
    private static byte[] HostBytes(TS.torch.Tensor t)
    {
        if (t.device_type == TS.DeviceType.CPU && t.is_contiguous()) return t.bytes.ToArray();
        using var detached = t.detach();
        using var cpu = detached.cpu();
        using var dense = cpu.contiguous();
        return dense.bytes.ToArray();
    }

    /// <summary>Parameters and buffers of a TorchScript archive, loaded by libtorch itself (<c>torch.jit.load</c>, through TorchSharp).</summary>
    public static Dictionary<string, TS.torch.Tensor> LoadTorchScriptNative(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No TorchScript archive at '{path}'.", path);
        TorchSharp.torch.jit.ScriptModule module;
        try
        {
            module = TorchSharp.torch.jit.load(path);
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new TorchException($"'{path}' is not a TorchScript archive libtorch can load: {FirstLine(e.Message)}");
        }
        using (module)
        {
            var result = new Dictionary<string, TS.torch.Tensor>();
            try
            {
                foreach (var (name, parameter) in module.named_parameters())
                    result[name] = parameter.detach().DetachFromDisposeScope();
                foreach (var (name, buffer) in module.named_buffers())
                    result[name] = buffer.detach().DetachFromDisposeScope();
            }
            catch
            {
                foreach (var t in result.Values) t.Dispose();
                throw;
            }
            return result;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
