namespace Synth.Core.Streams;

/// <summary>
/// The seed's simple drift (<c>--drift --drift-interval S --drift-magnitude M</c>, the config file's
/// <c>drift:</c> block, <c>SYNTH_DRIFT_*</c>): every <see cref="Interval"/> the stream moves to a new
/// concept in which every numeric field's location has moved by <see cref="Magnitude"/> of its scale
/// once more: a normal's mean by M standard deviations, a uniform's bounds by M × (max − min) / √12.
/// Concept k (from k intervals on) is the declared schema moved k times.
/// </summary>
public sealed record SimpleDrift(StreamPosition Interval, double Magnitude);
