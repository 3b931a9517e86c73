using System.Threading.Channels;

namespace Pytti.Cli.Preview;

/// <summary>
/// Hands each update to every open page through its own small queue that drops the oldest update
/// when full: publishing never waits, so a slow or closed browser never slows the render.
/// </summary>
public sealed class PreviewBroadcast
{
    private const int QueueLength = 8;
    private readonly Lock _gate = new();
    private readonly List<Channel<string>> _pages = [];
    private bool _closed;

    public int PageCount { get { lock (_gate) return _pages.Count; } }

    public ChannelReader<string> Subscribe(string first)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest });
        channel.Writer.TryWrite(first);
        lock (_gate)
        {
            if (_closed) channel.Writer.Complete();
            else _pages.Add(channel);
        }
        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<string> reader)
    {
        lock (_gate) _pages.RemoveAll(c => c.Reader == reader);
    }

    /// <summary>Ends every page's stream once it has sent what is queued (the last snapshot included).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var page in _pages) page.Writer.TryComplete();
        }
    }

    public void Publish(string update)
    {
        lock (_gate)
            foreach (var page in _pages) page.Writer.TryWrite(update);
    }
}
