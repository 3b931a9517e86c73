using System.Net;

namespace Pytti.Pipeline.Cache.Remote;

/// <summary>
/// GET, HEAD and PUT of <c>cas/</c> and <c>ac/</c> objects. The first failure that is not "not found" (refused,
/// timed out, a 5xx or an unexpected status) is reported once and turns the remote off for the rest of the run,
/// so a remote that is down or slow costs one timeout, never a failed render.
/// </summary>
internal sealed class RemoteStore : IDisposable
{
    private readonly HttpClient _http;
    private readonly RemoteCacheOptions _options;
    private readonly Action<string, string> _warn;
    private int _down;

    public RemoteStore(RemoteCacheOptions options, Action<string, string> warn)
    {
        _options = options;
        _warn = warn;
        _http = new HttpClient { BaseAddress = options.BaseUrl, Timeout = options.Timeout, MaxResponseContentBufferSize = int.MaxValue };
        if (options.Authorization is { } auth) _http.DefaultRequestHeaders.Authorization = auth;
    }

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public string UrlOf(string path) => new Uri(_options.BaseUrl, path).AbsoluteUri;

    /// <summary>The object's bytes; null when it is absent or the remote is off.</summary>
    public byte[]? Get(string path) => Send(HttpMethod.Get, path, null, response => response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());

    public bool Exists(string path) => Send(HttpMethod.Head, path, null, _ => true);

    public void Put(string path, byte[] content) => Send(HttpMethod.Put, path, content, _ => true);

    private T? Send<T>(HttpMethod method, string path, byte[]? content, Func<HttpResponseMessage, T> read)
    {
        if (IsDown) return default;
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = content is null ? null : new ByteArrayContent(content) };
            using var response = _http.Send(request, HttpCompletionOption.ResponseContentRead);   // the timeout covers the whole body
            if (response.StatusCode == HttpStatusCode.NotFound && method != HttpMethod.Put) return default;
            if (response.IsSuccessStatusCode) return read(response);
            TurnOff(path, $"it answered {(int)response.StatusCode} {response.ReasonPhrase} to {method} {path}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
        {
            TurnOff(path, e is TaskCanceledException ? $"{method} {path} took longer than {_options.Timeout.TotalSeconds:0.#} s" : $"{method} {path} failed ({e.Message.TrimEnd('.')})");
        }
        return default;
    }

    private void TurnOff(string path, string why)
    {
        if (Interlocked.Exchange(ref _down, 1) == 1) return;
        _warn(UrlOf(path), $"the remote cache {_options} cannot be used: {why}; frames render locally and nothing more is read from or written to it in this run");
    }

    public void Dispose() => _http.Dispose();
}
