using System.Net.Http.Headers;
using System.Text;

namespace Pytti.Pipeline.Cache.Remote;

/// <summary>
/// A shared frame cache over HTTP in bazel-remote's layout (<c>&lt;base&gt;/cas/&lt;sha256&gt;</c>, <c>&lt;base&gt;/ac/&lt;frame key&gt;</c>).
/// Credentials come from the environment only (<c>PYTTI_REMOTE_CACHE_TOKEN</c>: bearer, or <c>PYTTI_REMOTE_CACHE_BASIC</c>:
/// <c>user:password</c>), never from a scene file or the URL, and are never shown.
/// </summary>
public sealed record RemoteCacheOptions(Uri BaseUrl, bool ReadOnly = false)
{
    public const string UrlVariable = "PYTTI_REMOTE_CACHE";
    public const string TokenVariable = "PYTTI_REMOTE_CACHE_TOKEN";
    public const string BasicVariable = "PYTTI_REMOTE_CACHE_BASIC";

    /// <summary>How long one request may take before the remote counts as down for the rest of the run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The Authorization header, from the environment when the options are made by <see cref="Resolve"/>.</summary>
    public AuthenticationHeaderValue? Authorization { get; init; }

    /// <summary>
    /// The options of a render or plan: <paramref name="url"/> (<c>--remote-cache</c>, <c>PyttiRemoteCache</c>), else
    /// <c>PYTTI_REMOTE_CACHE</c>; null when neither is set. A malformed URL, or one that carries credentials, is refused.
    /// </summary>
    public static RemoteCacheOptions? Resolve(string? url, bool readOnly, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        url = string.IsNullOrWhiteSpace(url) ? environment(UrlVariable) : url;
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"the remote cache '{url}' is not an http:// or https:// URL; pass --remote-cache http://host:port/base or set {UrlVariable}.");
        if (uri.UserInfo.Length > 0)
            throw new ArgumentException($"the remote cache URL carries credentials; remove them from the URL and set {TokenVariable} (bearer) or {BasicVariable} (user:password) instead.");
        var baseUrl = new Uri(uri.AbsoluteUri.TrimEnd('/') + "/");
        return new RemoteCacheOptions(baseUrl, readOnly) { Authorization = Credentials(environment) };
    }

    private static AuthenticationHeaderValue? Credentials(Func<string, string?> environment)
    {
        if (environment(TokenVariable) is { Length: > 0 } token) return new AuthenticationHeaderValue("Bearer", token);
        if (environment(BasicVariable) is { Length: > 0 } basic) return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        return null;
    }

    /// <summary>The base URL only: credentials never appear in messages or logs.</summary>
    public override string ToString() => BaseUrl.AbsoluteUri;
}
