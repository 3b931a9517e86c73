using System.Globalization;

namespace Pytti.Torch.Serialization;

/// <summary>Short Python-like text of an unpickled value, for error messages.</summary>
internal static class PyRepr
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => "'" + (s.Length > 60 ? s[..60] + "..." : s) + "'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        byte[] bytes => $"<{bytes.Length} bytes>",
        PyDict d => $"<dict of {d.Count}>",
        List<object?> l => $"<list of {l.Count}>",
        TensorRecord t => $"<tensor {t.DType.TorchName()}[{string.Join(", ", t.Shape)}]>",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
