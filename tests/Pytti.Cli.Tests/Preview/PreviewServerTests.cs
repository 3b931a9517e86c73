using System.Net;
using System.Text.Json;
using Pytti.Cli.Preview;
using Pytti.Engine.Rendering;
using Pytti.Pipeline.Media;

namespace Pytti.Cli.Tests.Preview;

/// <summary>The preview server on loopback, fed by hand (no render): pages, updates, catch-up, stop.</summary>
public sealed class PreviewServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly PreviewState _state = new();
    private readonly HttpClient _http = new() { Timeout = Patience };
    private PreviewServer _server = null!;
    private int _stops;

    public async Task InitializeAsync()
    {
        _server = await PreviewServer.StartAsync(new PreviewOptions(IPAddress.Loopback, 0), _state, () => Interlocked.Increment(ref _stops));
        _http.BaseAddress = _server.Address;
    }

    public async Task DisposeAsync()
    {
        _state.Pages.Close();
        await _server.DisposeAsync();
        _http.Dispose();
    }

    private static StepRecord Step(int step) =>
        new(step, 10, 0, step, new Dictionary<string, double> { ["a cat"] = 1.0 / (step + 1) }, 1.0 / (step + 1)) { Frame = step / 5 };

    /// <summary>The <c>data:</c> lines of <c>/events</c>, as snapshots, while the stream is open.</summary>
    private async IAsyncEnumerable<JsonElement> Events([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel = default)
    {
        using var response = await _http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead, cancel);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel));
        while (await reader.ReadLineAsync(cancel) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal)) yield return JsonDocument.Parse(line[6..]).RootElement.Clone();
    }

    private static async Task<JsonElement> Until(IAsyncEnumerator<JsonElement> events, Func<JsonElement, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
            if (done(events.Current)) return events.Current;
        throw new InvalidOperationException("the event stream ended");
    }

    private async Task UntilPages(int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (_state.Pages.PageCount < count) await Task.Delay(20, timeout.Token);
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only_by_default()
    {
        Assert.Equal("127.0.0.1", _server.Address.Host);
        Assert.Contains("<title>pytti preview</title>", await _http.GetStringAsync(""));
    }

    [Fact]
    public async Task Two_pages_receive_every_step_and_a_page_opened_later_catches_up()
    {
        _state.Begin("/scenes/a.pytti.yaml", "scenes: a cat");
        _state.Started(10);
        await using var first = Events().GetAsyncEnumerator();
        await using var second = Events().GetAsyncEnumerator();
        Assert.Equal("rendering", (await Until(first, _ => true)).GetProperty("status").GetString());
        await Until(second, _ => true);
        await UntilPages(2);
        for (var i = 0; i < 7; i++) _state.Step(Step(i));
        foreach (var page in new[] { first, second })
        {
            var latest = await Until(page, s => s.GetProperty("step").GetInt32() == 7);
            Assert.Equal(1, latest.GetProperty("frame").GetInt32());
            Assert.Equal(["a cat"], latest.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        }
        await using var late = Events().GetAsyncEnumerator();
        var caughtUp = await Until(late, _ => true);                 // its very first snapshot is the current one
        Assert.Equal(7, caughtUp.GetProperty("step").GetInt32());
        Assert.Equal("scenes: a cat", caughtUp.GetProperty("sceneText").GetString());
    }

    [Fact]
    public async Task The_image_and_the_plot_are_served_as_png()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("image")).StatusCode);   // nothing displayed yet
        _state.Started(10);
        _state.Step(Step(0));
        _state.Step(Step(1));
        _state.Displayed(new RgbImage(4, 2, Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray()));
        var image = await _http.GetByteArrayAsync("image");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(image);
        Assert.Equal((4, 2), (bitmap.Width, bitmap.Height));
        Assert.Equal(new SkiaSharp.SKColor(30, 40, 50), bitmap.GetPixel(1, 0));
        using var plot = SkiaSharp.SKBitmap.Decode(await _http.GetByteArrayAsync("plot.png"));
        Assert.Equal((LossPlot.DefaultWidth, LossPlot.DefaultHeight), (plot.Width, plot.Height));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("frames/1")).StatusCode);   // only reported frames are served
    }

    [Fact]
    public async Task Stop_needs_the_page_header_so_another_site_cannot_stop_a_render()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("stop", null)).StatusCode);
        Assert.Equal(0, _stops);
        using var request = new HttpRequestMessage(HttpMethod.Post, "stop");
        request.Headers.Add(PreviewServer.StopHeader, "1");
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(request)).StatusCode);
        Assert.Equal(1, _stops);
    }

    [Fact]
    public async Task Closing_ends_every_page_stream_after_its_last_snapshot()
    {
        _state.Started(10);
        await using var page = Events().GetAsyncEnumerator();
        await Until(page, _ => true);
        await UntilPages(1);
        _state.Ended("finished");
        _state.Pages.Close();
        Assert.Equal("finished", (await Until(page, s => s.GetProperty("status").GetString() != "rendering")).GetProperty("status").GetString());
        using var timeout = new CancellationTokenSource(Patience);
        Assert.False(await page.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
    }
}
