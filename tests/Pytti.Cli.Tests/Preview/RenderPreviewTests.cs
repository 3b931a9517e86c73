namespace Pytti.Cli.Tests.Preview;

/// <summary><c>pytti render --preview</c> without a browser: what it renders and what it refuses.</summary>
public sealed class RenderPreviewTests : IDisposable
{
    private readonly PreviewRenders _renders = new();

    public void Dispose() => _renders.Dispose();

    [Fact]
    public void A_render_with_the_preview_writes_the_same_bytes_as_one_without()
    {
        var plain = _renders.Run(_renders.Args("plain", 4));
        Assert.True(plain.Exit == 0, plain.Error + plain.Out);
        var previewed = _renders.Run(_renders.Args("previewed", 4, "--preview=0", "--cache", Path.Combine(_renders.Folder, "cache2")));
        Assert.True(previewed.Exit == 0, previewed.Error + previewed.Out);
        Assert.Matches(@"pytti: preview at http://127\.0\.0\.1:\d+/", previewed.Error);
        foreach (var name in new[] { "hello_1.png", "hello_2.png", "hello_3.png", "hello_losses.jsonl" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_renders.Folder, "plain", name)), File.ReadAllBytes(Path.Combine(_renders.Folder, "previewed", name)));
    }

    [Fact]
    public void A_preview_host_that_is_not_an_address_is_refused_before_anything_renders()
    {
        var (exit, output, error) = _renders.Run(_renders.Args("out", 4, "--preview", "--preview-host", "every-interface"));
        Assert.Equal(1, exit);
        Assert.Contains("error PYTTI147: --preview-host every-interface: not an IP address", error + output);
        Assert.False(Directory.Exists(Path.Combine(_renders.Folder, "out")));
    }

    [Fact]
    public void A_preview_port_in_use_is_a_located_error()
    {
        var port = PreviewRenders.FreePort();
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        busy.Start();
        var (exit, output, error) = _renders.Run(_renders.Args("out", 4, $"--preview={port}"));
        Assert.Equal(1, exit);
        Assert.Contains($"error PYTTI147: cannot serve the preview on 127.0.0.1:{port}", error + output);
        Assert.Contains("--preview=0", error + output);
    }
}
