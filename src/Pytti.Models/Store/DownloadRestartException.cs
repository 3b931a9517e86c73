namespace Pytti.Models.Store;

/// <summary>The server would not continue a partial download; the partial file was dropped and the next attempt starts from zero.</summary>
internal sealed class DownloadRestartException(string message) : IOException(message);
