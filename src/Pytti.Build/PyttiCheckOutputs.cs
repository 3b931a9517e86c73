using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Pytti.Build;

/// <summary>
/// Before the incremental check: a scene whose stamp lists an output that is gone (deleted by hand,
/// or by another tool) loses its stamp, so that the scene runs again; pytti then restores the frames
/// from its cache instead of rendering them.
/// </summary>
public sealed class PyttiCheckOutputs : Microsoft.Build.Utilities.Task
{
    /// <summary>Stamp files written by <see cref="PyttiRender"/> (one output path per line); missing ones are ignored.</summary>
    [Required] public ITaskItem[] StampFiles { get; set; } = [];

    public override bool Execute()
    {
        foreach (var stamp in StampFiles.Select(s => s.GetMetadata("FullPath")).Where(File.Exists))
        {
            var missing = File.ReadLines(stamp).FirstOrDefault(line => line.Length > 0 && !File.Exists(line));
            if (missing is null) continue;
            Log.LogMessage(MessageImportance.Normal, "{0} is missing; its scene runs again.", missing);
            File.Delete(stamp);
        }
        return !Log.HasLoggedErrors;
    }
}
