namespace Synth.Grains.Streams;

/// <summary>A drift plan that took over from record <paramref name="From"/> on (null text: no plan). Records stay a pure function of the definition and its plan changes.</summary>
[GenerateSerializer, Immutable, Alias("synth.streams.PlanChange")]
public sealed record PlanChange(long From, string? PlanText);
