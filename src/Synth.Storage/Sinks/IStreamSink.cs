namespace Synth.Storage.Sinks;

/// <summary>
/// A destination of a stream's records. The stream hands it consecutive records as encoded bytes
/// (whole records in <see cref="Format"/>, no header) and it delivers them, in order, at least once:
/// <see cref="Acked"/> is how far its destination holds them for good, the sink's checkpoint. A sink
/// never buffers more than the batch it is given, so a sink that is down makes the stream wait
/// (records are made again from <see cref="Position"/>) instead of growing memory.
/// </summary>
public interface IStreamSink : IAsyncDisposable
{
    /// <summary>The record format it takes: csv, tsv or jsonl.</summary>
    string Format { get; }

    /// <summary>The next record it takes.</summary>
    long Position { get; }

    /// <summary>Records below this are held by the destination for good: a failover resumes this sink here.</summary>
    long Acked { get; }

    /// <summary>The most records the next <see cref="WriteAsync"/> may hold (e.g. what fits in the open file).</summary>
    long Accepts { get; }

    /// <summary>
    /// Delivers records <c>[Position, Position + count)</c>. On failure it throws, and its
    /// <see cref="Position"/> is where it can deliver from again (the open file's records are lost with it: back to <see cref="Acked"/>).
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> records, int count, CancellationToken cancellationToken);

    /// <summary>Work that comes with time rather than records (a file closed by age); called on every tick of the stream.</summary>
    ValueTask TickAsync(CancellationToken cancellationToken);

    /// <summary>Makes everything delivered durable (<see cref="Acked"/> = <see cref="Position"/>): before a pause, a stop or a move.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
