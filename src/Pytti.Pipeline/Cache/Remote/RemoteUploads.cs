using System.Threading.Channels;

namespace Pytti.Pipeline.Cache.Remote;

/// <summary>One background worker that pushes frames in the order they were queued; <see cref="Dispose"/> drains the queue.</summary>
internal sealed class RemoteUploads : IDisposable
{
    private readonly Channel<(FrameRecord Record, ContentStore Objects)> _queue = Channel.CreateUnbounded<(FrameRecord, ContentStore)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;

    public RemoteUploads(Action<FrameRecord, ContentStore> push) =>
        _worker = Task.Run(async () =>
        {
            await foreach (var (record, objects) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
                push(record, objects);
        });

    public void Enqueue(FrameRecord record, ContentStore objects) => _queue.Writer.TryWrite((record, objects));

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.GetAwaiter().GetResult();
    }
}
