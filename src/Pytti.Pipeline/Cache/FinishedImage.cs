using Pytti.Scenes.Planning;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// The finished image (saved after a run's last step, where PyTTI saves nothing) belongs to the run, not to
/// its last frame: a frame's key leaves out whether the run ends with it, so that extending an animation keeps
/// its old last frame. That frame's record holds the image at step <see cref="FrameInfo.EndStep"/>; every
/// periodic save of a frame reflects an earlier step.
/// </summary>
public static class FinishedImage
{
    /// <summary>
    /// The record as this run uses it: without the finished image where the frame is no longer the last, null
    /// where the frame is now the last but its record, written by a longer run, has no finished image.
    /// </summary>
    public static FrameRecord? Fit(FrameRecord? record, FrameInfo frame, bool isLast)
    {
        if (record is null) return null;
        var periodic = record.Images.Where(i => i.Step < frame.EndStep).ToList();
        if (isLast) return periodic.Count < record.Images.Count ? record : null;
        return periodic.Count == record.Images.Count ? record : record with { Images = periodic };
    }

    /// <summary>Why a stored record of the run's last frame does not serve it.</summary>
    public const string MissingReason = "the run now ends with this frame, and the longer run that rendered it saved no finished image there";
}
