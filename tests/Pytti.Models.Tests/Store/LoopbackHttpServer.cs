using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pytti.Models.Tests.Store;

/// <summary>What the server does with one request (by arrival order); the default serves it fully.</summary>
internal sealed record ResponsePlan(long? CutAfterBytes = null, long? StallAfterBytes = null, int? Status = null)
{
    public static ResponsePlan Full { get; } = new();
}

/// <summary>One request as the server saw it, with the body bytes it sent back.</summary>
internal sealed record RecordedRequest(string Path, string? Range, int Status, long BodyBytesSent);

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 that serves one byte array, honours <c>Range: bytes=N-</c>
/// (unless told not to), and can cut or stall a response after some bytes. One request per connection.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private static readonly TimeSpan StallFor = TimeSpan.FromSeconds(30);   // far beyond the clients' stall timeout; cut short when the server stops

    private readonly byte[] _content;
    private readonly IReadOnlyList<ResponsePlan> _plans;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requestCount;

    public LoopbackHttpServer(byte[] content, IReadOnlyList<ResponsePlan>? plans = null, bool honourRange = true)
    {
        _content = content;
        _plans = plans ?? [];
        HonourRange = honourRange;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public bool HonourRange { get; }
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/models/file.bin");

    /// <summary>A client that sends every request to this server, keeping the requested URL's path and query (a stand-in for any host).</summary>
    public HttpClient RoutingClient() => new(new ToLoopback(Url)) { Timeout = Timeout.InfiniteTimeSpan };

    private sealed class ToLoopback(Uri server) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = "http", Host = server.Host, Port = server.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            var plan = NextPlan();
            _ = Task.Run(() => ServeAsync(client, plan));
        }
    }

    private ResponsePlan NextPlan()
    {
        var index = Interlocked.Increment(ref _requestCount) - 1;
        return index < _plans.Count ? _plans[index] : ResponsePlan.Full;
    }

    private async Task ServeAsync(TcpClient client, ResponsePlan plan)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (path, range) = await ReadRequestAsync(stream);
                await RespondAsync(stream, path, range, plan);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
        }
    }

    private async Task RespondAsync(NetworkStream stream, string path, string? range, ResponsePlan plan)
    {
        if (plan.Status is { } status)
        {
            Requests.Enqueue(new RecordedRequest(path, range, status, 0));
            await WriteHeadAsync(stream, status, 0, null);
            return;
        }
        var start = HonourRange ? ParseRangeStart(range) : 0;
        if (start >= _content.Length && start > 0)
        {
            Requests.Enqueue(new RecordedRequest(path, range, 416, 0));
            await WriteHeadAsync(stream, 416, 0, $"bytes */{_content.Length}");
            return;
        }
        var code = start > 0 ? 206 : 200;
        var contentRange = start > 0 ? $"bytes {start}-{_content.Length - 1}/{_content.Length}" : null;
        var limit = plan.CutAfterBytes ?? plan.StallAfterBytes ?? long.MaxValue;
        var count = (int)Math.Min(_content.Length - start, limit);
        Requests.Enqueue(new RecordedRequest(path, range, code, count)); // before the body: the client may finish first
        await WriteHeadAsync(stream, code, _content.Length - start, contentRange);
        await stream.WriteAsync(_content.AsMemory((int)start, count), _stop.Token);
        await stream.FlushAsync(_stop.Token);
        if (plan.StallAfterBytes is not null && count < _content.Length - start)
            await Task.Delay(StallFor, _stop.Token);
    }

    private static async Task WriteHeadAsync(NetworkStream stream, int status, long length, string? contentRange)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n")
            .Append("Content-Type: application/octet-stream\r\nConnection: close\r\n");
        if (contentRange is not null) head.Append(CultureInfo.InvariantCulture, $"Content-Range: {contentRange}\r\n");
        var bytes = Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
        await stream.WriteAsync(bytes);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 206 => "Partial Content", 404 => "Not Found", 416 => "Range Not Satisfiable", _ => "Status",
    };

    private static async Task<(string Path, string? Range)> ReadRequestAsync(NetworkStream stream)
    {
        var lines = (await ReadHeadAsync(stream)).Split("\r\n");
        var path = lines[0].Split(' ')[1];
        var range = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))?[6..].Trim();
        return (path, range);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (head.Count < 64 * 1024 && !EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(buffer, timeout.Token) == 0) throw new IOException("client closed");
            head.Add(buffer[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    private static long ParseRangeStart(string? range)
    {
        if (range is null || !range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-')) return 0;
        return long.Parse(range[6..^1], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>A loopback port with nothing listening on it.</summary>
    public static int UnusedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
