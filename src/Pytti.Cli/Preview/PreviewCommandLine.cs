using System.CommandLine;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Preview;

/// <summary><c>--preview[=PORT]</c> and <c>--preview-host</c>, and running a render under them.</summary>
internal sealed class PreviewCommandLine
{
    /// <summary>What a preview does to the console's progress: wraps it so that the page sees every report too.</summary>
    public delegate int Render(Func<IRenderProgress, IRenderProgress> decorate, CancellationToken cancel);

    public Option<int?> Preview { get; } = new("--preview")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "Serve a live preview page (image every display_every steps, frames, loss plot, Stop button) on 127.0.0.1; --preview=PORT picks the port (default: a free one).",
    };

    public Option<string?> Host { get; } = new("--preview-host")
    {
        Description = "Address the preview page listens on instead of 127.0.0.1 (0.0.0.0: every interface; other machines can then see and stop the render).",
    };

    public IEnumerable<Option> Options => [Preview, Host];

    /// <summary>The preview asked for (<c>--preview-host</c> alone asks for one too); null when neither option is given.</summary>
    public PreviewOptions? Parse(ParseResult parse) =>
        parse.GetResult(Preview) is null && parse.GetResult(Host) is null ? null : PreviewOptions.Parse(parse.GetValue(Preview), parse.GetValue(Host));

    /// <summary>Runs <paramref name="render"/> of <paramref name="scene"/>, under a preview when one is asked for; the page shows how it ended.</summary>
    public static int Run(CliEnvironment env, PreviewOptions? options, string scene, CancellationToken cancel, Render render)
    {
        if (options is null) return render(p => p, cancel);
        using var session = PreviewSession.Start(env, options, cancel);
        session.Begin(Path.GetFullPath(scene, env.WorkingDirectory));
        var exit = render(session.Wrap, session.Token);
        session.State.Ended(exit switch
        {
            PyttiApp.ExitOk => "finished",
            130 => "stopped",
            _ => "failed",
        }, exit is PyttiApp.ExitOk or 130 ? null : "the render failed; its error is in the terminal.");
        return exit;
    }
}
