namespace Pytti.Models.Store;

/// <summary>Writes that never leave a half-written file under the final name: temp file beside it, then rename.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
