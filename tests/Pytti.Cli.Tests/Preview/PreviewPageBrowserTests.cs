using PuppeteerSharp;
using Pytti.Testing;

namespace Pytti.Cli.Tests.Preview;

/// <summary>
/// The preview page in headless Chromium (Debian's <c>chromium</c>, installed by build/setup.sh) against a
/// running render: it shows the image, the plot and the frames, updates as steps advance, and its Stop
/// button ends the render with the frames kept. A screenshot is kept in <c>artifacts/tests/preview/</c>.
/// </summary>
public sealed class PreviewPageBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const int PatienceMs = 90_000;
    private readonly PreviewRenders _renders = new();

    public void Dispose() => _renders.Dispose();

    private static Task<IBrowser> Launch() => Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Timeout = 30_000,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
    });

    private static Task<int> Number(IPage page, string id) => page.EvaluateExpressionAsync<int>($"Number(document.getElementById('{id}').textContent)");

    private static Task Until(IPage page, string condition) =>
        page.WaitForFunctionAsync("() => " + condition, new WaitForFunctionOptions { Timeout = PatienceMs, PollingInterval = 50 });

    [Fact]
    public async Task The_page_follows_the_render_and_its_stop_button_ends_it_with_the_frames_kept()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run build/setup.sh (it installs Debian's chromium for these tests).");
        var port = PreviewRenders.FreePort();
        // Far more steps than the page needs: the render must still be running when Stop is clicked. With 400, a render on a
        // loaded machine could finish before the browser saw its step advance, and the test waited out its patience.
        var render = Task.Run(() => _renders.Run(_renders.Args("out", 20_000, $"--preview={port}")));
        await using var browser = await Launch();
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        await UntilServing(page, port, render);
        await Until(page, "Number(document.getElementById('step').textContent) > 0 && document.getElementById('image').naturalWidth === 32");
        await Until(page, "document.getElementById('plot').naturalWidth > 0");
        var step = await Number(page, "step");
        var updates = await page.EvaluateExpressionAsync<int>("Number(document.body.dataset.updates)");
        await Until(page, $"Number(document.getElementById('step').textContent) > {step} && Number(document.body.dataset.updates) > {updates}");
        await Until(page, "[...document.querySelectorAll('#strip img.frame')].some(i => i.naturalWidth === 32)");
        Assert.Contains("a lighthouse at sunset", await page.EvaluateExpressionAsync<string>("document.getElementById('terms').textContent"));
        Assert.Contains("scenes: a lighthouse at sunset", await page.EvaluateExpressionAsync<string>("document.getElementById('scene-text').textContent"));
        await KeepScreenshot(page);

        await page.ClickAsync("#stop");
        var (exit, output, error) = await render.WaitAsync(TimeSpan.FromMilliseconds(PatienceMs));
        Assert.True(exit == 130, error + output);
        Assert.Contains("render interrupted; frames already written are kept", error);
        var kept = Directory.GetFiles(Path.Combine(_renders.Folder, "out"), "hello_*.png");
        Assert.NotEmpty(kept);
        Assert.All(kept, f => Assert.Equal((32, 32), Pytti.Pipeline.Media.ImageFile.Probe(f)));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('status').textContent.startsWith('stopped')"));
    }

    /// <summary>Opens the page once the render's server answers (the render starts it before loading models).</summary>
    private static async Task UntilServing(IPage page, int port, Task render)
    {
        using var timeout = new CancellationTokenSource(PatienceMs);
        while (true)
        {
            Assert.False(render.IsCompleted, "the render ended before its preview page could be opened");
            try
            {
                await page.GoToAsync($"http://127.0.0.1:{port}/", new NavigationOptions { Timeout = 5_000 });
                return;
            }
            catch (NavigationException) { await Task.Delay(100, timeout.Token); }
        }
    }

    private static async Task KeepScreenshot(IPage page)
    {
        var dir = Path.Combine(SharedFixtures.RepoRoot, "artifacts", "tests", "preview");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(Path.Combine(dir, "render-preview.png"));
    }
}
