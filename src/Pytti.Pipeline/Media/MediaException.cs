namespace Pytti.Pipeline.Media;

/// <summary>A media file that cannot be read or written (missing, not an image, FFmpeg absent or failing). The message says which file and what to do.</summary>
public sealed class MediaException(string message, Exception? inner = null) : Exception(message, inner);
