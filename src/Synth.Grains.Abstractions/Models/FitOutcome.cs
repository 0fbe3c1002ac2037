using Synth.Grains.Jobs;

namespace Synth.Grains.Models;

/// <summary>How a fit job ended, as its JobGrain tells the model: a final status, the job's error, and what a succeeded fit wrote.</summary>
[GenerateSerializer, Immutable, Alias("synth.models.FitOutcome")]
public sealed record FitOutcome(JobStatus Status, string? Error, FitResult? Result, DateTimeOffset At);
