namespace Synth.Core.Streams;

/// <summary>
/// A place or a length in a stream: a number of records, or seconds of the stream's schedule (the
/// scheduled time of a record follows from the rate, so seconds convert to records deterministically).
/// </summary>
public readonly record struct StreamPosition(double Value, bool InSeconds)
{
    public static StreamPosition Records(long records) => new(records, false);

    public static StreamPosition Seconds(double seconds) => new(seconds, true);

    /// <summary>The position in records, at <paramref name="rate"/> records per second.</summary>
    public double ToRecords(double rate) => InSeconds ? Value * rate : Value;

    public override string ToString() => InSeconds ? $"{Value} s" : $"{Value} records";
}
