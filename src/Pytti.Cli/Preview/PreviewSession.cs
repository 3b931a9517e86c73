using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Preview;

/// <summary>
/// One command's preview: the page's state, its server, and a stop that cancels the current render
/// (the page's Stop button) as Ctrl+C does. Disposing ends the pages' streams and the server.
/// </summary>
internal sealed class PreviewSession : IDisposable
{
    private readonly CancellationToken _outer;
    private readonly Lock _gate = new();
    private CancellationTokenSource _stop;

    private PreviewSession(CancellationToken outer, PreviewState state)
    {
        (_outer, State) = (outer, state);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Server = null!;
    }

    public PreviewState State { get; }

    public PreviewServer Server { get; private set; }

    /// <summary>The current render's token: cancelled by the caller's token or the page's Stop button.</summary>
    public CancellationToken Token { get { lock (_gate) return _stop.Token; } }

    public static PreviewSession Start(CliEnvironment env, PreviewOptions options, CancellationToken cancel)
    {
        var session = new PreviewSession(cancel, new PreviewState());
        try
        {
            session.Server = PreviewServer.StartAsync(options, session.State, session.Stop).GetAwaiter().GetResult();
            env.Error.WriteLine($"pytti: preview at {session.Server.Address}");
            env.Error.Flush();
            return session;
        }
        catch
        {
            session._stop.Dispose();
            throw;
        }
    }

    private void Stop() { lock (_gate) _stop.Cancel(); }

    /// <summary>A fresh token for the next render after the Stop button ended one (watch mode goes on).</summary>
    public void NextRun()
    {
        lock (_gate)
        {
            if (!_stop.IsCancellationRequested) return;
            _stop.Dispose();
            _stop = CancellationTokenSource.CreateLinkedTokenSource(_outer);
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
