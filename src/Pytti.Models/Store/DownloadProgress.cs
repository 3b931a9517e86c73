namespace Pytti.Models.Store;

/// <summary>What the store is doing with one model file.</summary>
public enum DownloadStage
{
    /// <summary>Another process holds the file's lock (it is fetching the same model).</summary>
    Waiting,

    Verifying,
    Downloading,
    Verified,

    /// <summary>A file with the wrong digest was moved aside (<see cref="DownloadProgress.Message"/> says where).</summary>
    Discarded,
}

/// <summary>
/// One progress report. <paramref name="BytesDone"/> counts the whole file (a resumed download
/// starts at the bytes already there); <paramref name="BytesTotal"/> is null when the server does not say.
/// </summary>
public sealed record DownloadProgress(
    ModelSource Source, DownloadStage Stage, long BytesDone, long? BytesTotal, string? Message = null);
