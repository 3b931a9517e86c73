namespace Pytti.Models.Store;

/// <summary>
/// How the store fetches files. <paramref name="Offline"/> never touches the network: a missing
/// file is an error that says where to place it. A download cut after some bytes is resumed up to
/// <paramref name="MaxAttempts"/> times in one call; a read that stalls longer than
/// <paramref name="StallTimeout"/> counts as a cut.
/// </summary>
public sealed record ModelStoreOptions(
    bool Offline = false,
    int MaxAttempts = 4,
    TimeSpan? RetryDelay = null,
    TimeSpan? StallTimeout = null,
    TimeSpan? ConnectTimeout = null)
{
    public static ModelStoreOptions Default { get; } = new();

    public TimeSpan EffectiveRetryDelay => RetryDelay ?? TimeSpan.FromSeconds(1);
    public TimeSpan EffectiveStallTimeout => StallTimeout ?? TimeSpan.FromSeconds(60);
    public TimeSpan EffectiveConnectTimeout => ConnectTimeout ?? TimeSpan.FromSeconds(30);
}
