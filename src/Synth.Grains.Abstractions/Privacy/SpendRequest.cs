namespace Synth.Grains.Privacy;

/// <param name="Who">The user or service spending it.</param>
/// <param name="Mechanism">What measures the data, e.g. "mst" or "dp-quantiles".</param>
/// <param name="EpsilonEquivalent">ε of this spend alone at the budget's δ, for the ledger's readers.</param>
/// <param name="JobId">The job doing the work, if any.</param>
/// <param name="RequestId">Makes the spend idempotent: a retried request with the same id is answered with the grant it already has (a refusal records nothing, so it is simply asked again). Null: not idempotent.</param>
/// <param name="Delta">δ′ of an approximate-zCDP mechanism (the probability its guarantee fails), spent from the total's δ. Default 0.</param>
[GenerateSerializer, Immutable, Alias("synth.privacy.SpendRequest")]
public sealed record SpendRequest(string Who, string Mechanism, double Rho, double EpsilonEquivalent, string? JobId, double Delta = 0, Guid? RequestId = null);
