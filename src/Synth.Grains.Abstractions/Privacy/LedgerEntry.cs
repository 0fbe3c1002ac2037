namespace Synth.Grains.Privacy;

/// <param name="Kind">"spend" or "refund" (a refund carries the refunded grant's id and a negative ρ and δ′).</param>
/// <param name="Delta">δ′ of the spend (0 for pure zCDP mechanisms).</param>
[GenerateSerializer, Immutable, Alias("synth.privacy.LedgerEntry")]
public sealed record LedgerEntry(Guid Id, string Kind, DateTimeOffset At, string Who, string Mechanism, double Rho, double EpsilonEquivalent, string? JobId, Guid? Refunds, string? Reason,
    double Delta = 0);
