using System.Text.Json;
using System.Text.Json.Serialization;
using Synth.Api.Problems;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Synthesizers;
using Synth.Grains.Jobs;

namespace Synth.Api.Models;

/// <summary>
/// Checks a <see cref="FitRequest"/> before any budget is spent: everything a fit could fail on
/// after touching the data (an unknown method, options a synthesizer refuses, a target that is not
/// a column) must be refused here, since a fit that fails after touching the data is not refunded.
/// </summary>
internal static class FitRequestValidator
{
    public const string NonPrivate = "nonprivate";

    private static readonly JsonSerializerOptions StrictJson = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>The checked request, or null with every bad field in <paramref name="errors"/>.</summary>
    public static CheckedFit? Check(FitRequest request, ValidationErrors errors)
    {
        string? method = null;
        if (string.IsNullOrWhiteSpace(request.Method)) errors.Add("method", $"is required; one of {Known()}");
        else if (SynthesizerRegistry.Default.TryGet(request.Method.Trim(), out var synthesizer)) method = synthesizer.Name;
        else errors.Add("method", $"unknown method '{request.Method}'; one of {Known()}");

        var isPrivate = method != NonPrivate;
        if (method == NonPrivate)
        {
            if (request.Epsilon is not null) errors.Add("epsilon", "nonprivate spends no budget and gives no privacy; leave epsilon out");
            if (request.Delta is not null) errors.Add("delta", "nonprivate spends no budget and gives no privacy; leave delta out");
        }
        else if (method is not null)
        {
            if (request.Epsilon is not { } epsilon) errors.Add("epsilon", $"is required for the private method {method}: the ε to spend from the dataset's budget");
            else if (!(epsilon > 0) || double.IsInfinity(epsilon)) errors.Add("epsilon", $"must be a positive, finite number; got {epsilon}");
        }
        if (request.Delta is { } delta && !(delta is > 0 and < 1)) errors.Add("delta", $"must be between 0 and 1 (exclusive); got {delta}");
        var holdout = request.Holdout ?? FitJobSpec.DefaultHoldoutFraction;
        if (!(holdout is >= 0 and < 1)) errors.Add("holdout", $"must be in [0, 1): the share of rows kept out of the fit for the evaluation; got {holdout}");
        var options = CheckOptions(request.Options, errors);

        if (errors.Any) return null;
        return new CheckedFit(method!, isPrivate, request.Epsilon, request.Delta, holdout, request.Seed, request.Target, options);
    }

    private static string Known() => string.Join(", ", SynthesizerRegistry.Default.Names.Order(StringComparer.Ordinal));

    /// <summary>The options as canonical JSON (null for the defaults), with every value a synthesizer would refuse named.</summary>
    private static string? CheckOptions(JsonElement? json, ValidationErrors errors)
    {
        if (json is not { ValueKind: not JsonValueKind.Null } element) return null;
        SynthesizerOptions? options;
        try
        {
            options = element.Deserialize<SynthesizerOptions>(StrictJson);
        }
        catch (JsonException e)
        {
            var (field, message) = JsonErrorDescription.Describe(e);
            errors.Add(field == JsonErrorDescription.BodyKey ? "options" : "options." + field, message);
            return null;
        }
        if (options is null) return null;
        var before = errors.Count;
        // Both would be silently overridden: say so instead.
        if (options.Seed is not null) errors.Add("options.seed", "set the fit's seed with the top-level 'seed'");
        if (element.TryGetProperty("maxDegreeOfParallelism", out _)) errors.Add("options.maxDegreeOfParallelism", "is the server's (its job threads)");
        if (options.IndependentIterations < 1) errors.Add("options.independentIterations", "must be at least 1");
        if (options.Mst.SelectionIterations < 1) errors.Add("options.mst.selectionIterations", "must be at least 1");
        if (options.Mst.FinalIterations < 1) errors.Add("options.mst.finalIterations", "must be at least 1");
        if (!(options.Mst.RelativeTolerance is >= 0 and < 1)) errors.Add("options.mst.relativeTolerance", "must be in [0, 1)");
        if (options.Aim.Degree is < 1 or > 3) errors.Add("options.aim.degree", "must be 1, 2 or 3");
        if (!(options.Aim.MaxModelSizeMb > 0) || double.IsInfinity(options.Aim.MaxModelSizeMb)) errors.Add("options.aim.maxModelSizeMb", "must be a positive, finite number");
        if (options.Aim.Rounds is < 1) errors.Add("options.aim.rounds", "must be at least 1, or null for the default");
        if (options.Aim.MaxCells < 1) errors.Add("options.aim.maxCells", "must be at least 1");
        if (options.Aim.RoundIterations < 1) errors.Add("options.aim.roundIterations", "must be at least 1");
        if (options.Aim.FinalIterations < 1) errors.Add("options.aim.finalIterations", "must be at least 1");
        if (!(options.Aim.RoundTolerance is >= 0 and < 1)) errors.Add("options.aim.roundTolerance", "must be in [0, 1)");
        if (!(options.PrivSyn.SelectionShare is > 0 and < 1)) errors.Add("options.privSyn.selectionShare", "must be between 0 and 1 (exclusive)");
        if (options.PrivSyn.ConsistencyRounds < 0) errors.Add("options.privSyn.consistencyRounds", "must be at least 0");
        if (options.PrivSyn.UpdateIterations < 1) errors.Add("options.privSyn.updateIterations", "must be at least 1");
        return errors.Count > before ? null : JsonSerializer.Serialize(options, StrictJson);
    }
}

/// <summary>A fit request whose fields are valid; the dataset's grain checks it against the dataset, its domain and its budget.</summary>
/// <param name="Method">The registry's name of the synthesizer.</param>
internal sealed record CheckedFit(string Method, bool Private, double? Epsilon, double? Delta, double Holdout, ulong? Seed, string? Target, string? OptionsJson);
