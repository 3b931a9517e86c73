using System.Threading.Channels;

namespace Pytti.Cli.Preview;

/// <summary>
/// Saves in the folders of the watched scenes: any file there (and below) counts, since a scene reads its
/// Hydra configs, init images and prompts' files from beside it; renders' own writes (the output and
/// cache folders, the scene's lock file, temporary and hidden files) do not. Bursts of events from one
/// save collapse into one change.
/// </summary>
internal sealed class SceneChanges : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>();
    private readonly IReadOnlyList<string> _ignoredFolders;

    public SceneChanges(IEnumerable<string> scenes, IEnumerable<string> ignoredFolders)
    {
        _ignoredFolders = ignoredFolders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)) + Path.DirectorySeparatorChar).ToList();
        foreach (var folder in scenes.Select(s => Path.GetDirectoryName(Path.GetFullPath(s))!).Distinct())
        {
            var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            watcher.Changed += (_, e) => Seen(folder, e.FullPath);
            watcher.Created += (_, e) => Seen(folder, e.FullPath);
            watcher.Renamed += (_, e) => Seen(folder, e.FullPath);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Waits for a save, then for the files to be quiet; returns the first file changed.</summary>
    public async Task<string> NextAsync(CancellationToken cancel)
    {
        var first = await _changes.Reader.ReadAsync(cancel).ConfigureAwait(false);
        do await Task.Delay(Quiet, cancel).ConfigureAwait(false);
        while (_changes.Reader.TryRead(out _));
        return first;
    }

    private void Seen(string folder, string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".pytti.lock.json", StringComparison.OrdinalIgnoreCase)) return;
        if (Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'))) return;   // hidden files and folders
        if (_ignoredFolders.Any(f => path.StartsWith(f, StringComparison.Ordinal))) return;
        _changes.Writer.TryWrite(path);
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
    }
}
