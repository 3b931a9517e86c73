namespace Pytti.Torch.Serialization;

/// <summary>
/// A weight file that cannot be read (or written). The message names the file, says what is wrong
/// and what to do: <c>model.pt: the zip holds no data.pkl. Re-save it with torch.save.</c>
/// </summary>
public class WeightFormatException : Exception
{
    public WeightFormatException(string path, string problem, string remedy, string code = WeightErrorCodes.Corrupt, Exception? inner = null)
        : base($"{path}: {problem}. {remedy}", inner)
    {
        FilePath = path;
        Code = code;
    }

    /// <summary>The file the problem is in.</summary>
    public string FilePath { get; }

    /// <summary>One of <see cref="WeightErrorCodes"/>.</summary>
    public string Code { get; }

    internal static WeightFormatException Corrupt(string path, string problem, Exception? inner = null) =>
        new(path, problem, "The file is damaged or truncated; download or export it again", WeightErrorCodes.Corrupt, inner);

    internal static WeightFormatException Unsupported(string path, string problem, string remedy) =>
        new(path, problem, remedy, WeightErrorCodes.UnsupportedContent);
}
