using System.Text;
using System.Text.RegularExpressions;

namespace Pytti.Torch.Serialization;

/// <summary>
/// The parameter and buffer names each TorchScript class declares in the archive's <c>code/</c>
/// (<c>__parameters__ = ["weight", "bias", ]</c>, <c>__buffers__ = [...]</c>). Other tensor attributes of a
/// scripted module are not part of its state dict. Classes without a declaration keep every tensor attribute.
/// </summary>
internal sealed partial class TorchScriptDeclarations
{
    private readonly Dictionary<string, HashSet<string>> _stateByClass;

    private TorchScriptDeclarations(Dictionary<string, HashSet<string>> stateByClass) => _stateByClass = stateByClass;

    public static readonly TorchScriptDeclarations None = new([]);

    /// <summary>Reads <c>root/code/**/*.py</c>; <c>code/__torch__/a/b.py</c> defines classes <c>__torch__.a.b.Name</c>.</summary>
    public static TorchScriptDeclarations Read(ZipDirectory zip, string root)
    {
        string codeRoot = root + "code/";
        var stateByClass = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.Name.StartsWith(codeRoot, StringComparison.Ordinal) && e.Name.EndsWith(".py", StringComparison.Ordinal)))
        {
            string module = entry.Name[codeRoot.Length..^".py".Length].Replace('/', '.');
            foreach (Match match in ClassHeader().Matches(Encoding.UTF8.GetString(zip.ReadAll(entry))))
                stateByClass[module + "." + match.Groups["name"].Value] = [.. Names(match.Groups["parameters"].Value), .. Names(match.Groups["buffers"].Value)];
        }
        return new TorchScriptDeclarations(stateByClass);
    }

    /// <summary>Whether attribute <paramref name="attribute"/> of <paramref name="className"/> belongs in the state dict.</summary>
    public bool IsState(string className, string attribute) =>
        !_stateByClass.TryGetValue(className, out var names) || names.Contains(attribute);

    private static IEnumerable<string> Names(string list) => QuotedName().Matches(list).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^class (?<name>\w+)\(Module\):\s*\n\s*__parameters__ = \[(?<parameters>[^\]]*)\]\s*\n\s*__buffers__ = \[(?<buffers>[^\]]*)\]", RegexOptions.Multiline)]
    private static partial Regex ClassHeader();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedName();
}
