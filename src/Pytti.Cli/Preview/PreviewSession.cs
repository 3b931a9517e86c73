using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Preview;

/// <summary>
/// One command's preview: the page's state, its server, and a stop that cancels the render (the
/// page's Stop button) as Ctrl+C does. Disposing ends the pages' streams and the server.
/// </summary>
internal sealed class PreviewSession : IDisposable
{
    private readonly CancellationTokenSource _stop;

    private PreviewSession(CancellationTokenSource stop, PreviewState state, PreviewServer server) => (_stop, State, Server) = (stop, state, server);

    public PreviewState State { get; }

    public PreviewServer Server { get; }

    /// <summary>Cancelled by the caller's token or the page's Stop button.</summary>
    public CancellationToken Token => _stop.Token;

    public static PreviewSession Start(CliEnvironment env, PreviewOptions options, CancellationToken cancel)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var state = new PreviewState();
        try
        {
            var server = PreviewServer.StartAsync(options, state, stop.Cancel).GetAwaiter().GetResult();
            env.Error.WriteLine($"pytti: preview at {server.Address}");
            env.Error.Flush();
            return new PreviewSession(stop, state, server);
        }
        catch
        {
            stop.Dispose();
            throw;
        }
    }

    public IRenderProgress Wrap(IRenderProgress inner) => new PreviewProgress(inner, State);

    /// <summary>The scene file's path and text, shown on the page.</summary>
    public void Begin(string scene)
    {
        string text;
        try { text = File.ReadAllText(scene); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { text = ""; }
        State.Begin(scene, text);
    }

    public void Dispose()
    {
        State.Pages.Close();
        Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stop.Dispose();
    }
}
