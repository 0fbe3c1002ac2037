using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synth.Api.Datasets;

/// <summary>Body of <c>POST /datasets/{id}/domain/derivations</c>: derive the domain privately, at what cost.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DomainDerivationRequest
{
    /// <summary>ε spent from the dataset's budget, at the budget's δ: &gt; 0 and finite. Required.</summary>
    public double? Epsilon { get; init; }

    /// <summary>
    /// δ′, the probability that a category held by one row is released anyway; spent from the
    /// budget's δ, in (0, 1). Default: a tenth of the budget's δ.
    /// </summary>
    public double? ThresholdDelta { get; init; }

    /// <summary>
    /// Public outer ranges by column, <c>[low, high]</c> (numbers, or ISO 8601 strings for datetimes):
    /// the derived bounds lie inside. Default ±10⁹, and 1900-01-01 .. 2100-01-01 for datetimes.
    /// </summary>
    public Dictionary<string, JsonElement>? Bounds { get; init; }

    /// <summary>The quantiles taken for the bounds, <c>[low, high]</c> with 0 &lt;= low &lt; high &lt;= 1. Default [0.01, 0.99].</summary>
    public double[]? Quantiles { get; init; }

    /// <summary>Seed of the noise. Default: none, a cryptographic one (a known seed lets anyone subtract the noise).</summary>
    public ulong? Seed { get; init; }
}
