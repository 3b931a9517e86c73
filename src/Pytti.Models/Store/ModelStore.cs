namespace Pytti.Models.Store;

/// <summary>
/// The folder of model files, keyed by what they must hash to: <c>&lt;root&gt;/&lt;kind&gt;/&lt;file&gt;</c>.
/// <see cref="EnsureAsync"/> returns a verified local path, downloading (resumably) when needed;
/// a file with the wrong SHA-256 is never returned.
/// </summary>
public sealed partial class ModelStore
{
    public const string RootEnvironmentVariable = "PYTTI_MODELS_DIR";

    private static readonly Lazy<HttpClient> SharedHttp = new(() => CreateHttpClient(ModelStoreOptions.Default));

    private readonly ModelDownloader _downloader;

    public ModelStore(string root, ModelStoreOptions? options = null, HttpClient? http = null)
    {
        Root = Path.GetFullPath(root);
        Options = options ?? ModelStoreOptions.Default;
        _downloader = new ModelDownloader(http ?? SharedHttp.Value, Options);
    }

    public string Root { get; }
    public ModelStoreOptions Options { get; }

    /// <summary>
    /// The scene's <c>models_parent_dir</c> if given, else <c>PYTTI_MODELS_DIR</c>, else <c>~/.cache/pytti</c>.
    /// A leading <c>~/</c> is the user's home; a relative path is taken from the current directory
    /// (resolve a scene-relative one against the scene file first).
    /// </summary>
    public static string ResolveRoot(string? modelsParentDir = null) =>
        ResolveRoot(modelsParentDir, Environment.GetEnvironmentVariable(RootEnvironmentVariable));

    internal static string ResolveRoot(string? modelsParentDir, string? environmentValue)
    {
        var chosen = !string.IsNullOrWhiteSpace(modelsParentDir) ? modelsParentDir
            : !string.IsNullOrWhiteSpace(environmentValue) ? environmentValue
            : Path.Combine("~", ".cache", "pytti");
        return Path.GetFullPath(ExpandHome(chosen));
    }

    public string PathFor(ModelSource source) => Path.Combine(Root, source.Kind, source.FileName);

    public static HttpClient CreateHttpClient(ModelStoreOptions options) =>
        new(new SocketsHttpHandler { ConnectTimeout = options.EffectiveConnectTimeout, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan, // large files: stalls are caught per read instead
        };

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
