namespace Pytti.Cli.Preview;

/// <summary>A saved frame as the page's strip shows it: <c>/frames/{Index}</c>.</summary>
public sealed record PreviewFrame(long Index, long Step);

/// <summary>
/// Everything the page shows, at one moment; each update sends a whole snapshot, so a page opened
/// mid-render (or one that missed updates) catches up from any one of them.
/// </summary>
public sealed record PreviewSnapshot(
    string Status, string Scene, string SceneText, long Step, long TotalSteps, int SceneIndex, long Frame,
    double? Loss, double? EtaSeconds, int Image, int Plot, IReadOnlyList<PreviewFrame> Frames, IReadOnlyList<string> Terms, string? Error)
{
    public static PreviewSnapshot Waiting(string scene, string sceneText) =>
        new("waiting", scene, sceneText, 0, 0, 0, 0, null, null, 0, 0, [], [], null);

    /// <summary>Of the finished render's frames (animation frames, not images): how many rendered and how many came from the cache.</summary>
    public int FramesRendered { get; init; }

    public int FramesCached { get; init; }
}
