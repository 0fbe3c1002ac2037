namespace Synth.Core.Privacy.Accounting;

/// <summary>One charge against a <see cref="PrivacyAccountant"/>: what was released, and its ρ.</summary>
public sealed record PrivacySpend(string Purpose, double Rho);
