namespace Synth.Storage.Sinks;

/// <summary>
/// A sink whose destination acknowledges each batch as it takes it (webhook, RabbitMQ, PostgreSQL,
/// Kafka, discard): delivered is acknowledged, it takes batches of any size, and time brings it no
/// work. A subclass only delivers; a batch that throws is not counted, and is given again.
/// </summary>
public abstract class BatchAcknowledgedSink(long from) : IStreamSink
{
    public abstract string Format { get; }

    public long Position { get; private set; } = from;

    public long Acked => Position;

    public long Accepts => long.MaxValue;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> records, int count, CancellationToken cancellationToken)
    {
        await DeliverAsync(records, Position, count, cancellationToken);
        Position += count;
    }

    /// <summary>Delivers records <c>[first, first + count)</c> and returns once the destination holds them; throws <see cref="SinkException"/> when it does not.</summary>
    protected abstract ValueTask DeliverAsync(ReadOnlyMemory<byte> records, long first, int count, CancellationToken cancellationToken);

    public ValueTask TickAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
