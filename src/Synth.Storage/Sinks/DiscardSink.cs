namespace Synth.Storage.Sinks;

/// <summary>Takes records and keeps nothing: for measuring how fast a stream is made, and for dry runs.</summary>
public sealed class DiscardSink(long from) : IStreamSink
{
    public string Format => "csv";

    public long Position { get; private set; } = from;

    public long Acked => Position;

    public long Accepts => long.MaxValue;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> records, int count, CancellationToken cancellationToken)
    {
        Position += count;
        return ValueTask.CompletedTask;
    }

    public ValueTask TickAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
