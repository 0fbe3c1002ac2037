namespace Synth.Storage.Sinks;

/// <summary>Takes records and keeps nothing: for measuring how fast a stream is made, and for dry runs.</summary>
public sealed class DiscardSink(long from) : BatchAcknowledgedSink(from)
{
    public override string Format => "csv";

    protected override ValueTask DeliverAsync(ReadOnlyMemory<byte> records, long first, int count, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
