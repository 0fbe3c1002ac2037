using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synth.Api.Models;

/// <summary>Body of <c>POST /datasets/{id}/fits</c>: which synthesizer, at what privacy cost.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FitRequest
{
    /// <summary>mst, aim, privsyn, independent or nonprivate (any case). Required.</summary>
    public string? Method { get; init; }

    /// <summary>ε the fit spends from the dataset's budget, at <see cref="Delta"/>: &gt; 0 and finite. Required for private methods; absent for nonprivate.</summary>
    public double? Epsilon { get; init; }

    /// <summary>δ of <see cref="Epsilon"/>, in (0, 1). Default: the dataset budget's δ.</summary>
    public double? Delta { get; init; }

    /// <summary>Share of the rows kept out of the fit for the evaluation, in [0, 1). Default 0.2.</summary>
    public double? Holdout { get; init; }

    /// <summary>Seed of the fit's noise. Default: none, a cryptographic one (what a real release needs: a known seed lets anyone subtract the noise).</summary>
    public ulong? Seed { get; init; }

    /// <summary>The column the evaluation's classifier predicts. Default: the last synthesised column.</summary>
    public string? Target { get; init; }

    /// <summary>Synthesizer settings (<c>mst</c>, <c>aim</c>, <c>privSyn</c>, <c>independentIterations</c>); the server decides seed and threads.</summary>
    public JsonElement? Options { get; init; }

    /// <summary>
    /// Where AIM's (and nonprivate's) marginal kernels run: <c>cpu</c> (default), <c>gpu</c> (the fit
    /// job requires a silo tagged <c>gpu</c>) or <c>auto</c> (a GPU if the silo that runs it has one).
    /// </summary>
    public string? Device { get; init; }
}
