namespace Synth.Grains.Privacy;

/// <param name="SpendId">The grant's id (for a refund); null when refused.</param>
/// <param name="Message">Why it was refused, with what remains; null when granted.</param>
[GenerateSerializer, Immutable, Alias("synth.privacy.SpendResult")]
public sealed record SpendResult(bool Granted, Guid? SpendId, double RemainingRho, string? Message);
