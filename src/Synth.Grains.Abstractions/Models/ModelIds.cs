using System.Security.Cryptography;

namespace Synth.Grains.Models;

/// <summary>Model ids ("m" + 20 hex digits) and where a model's artifacts are kept (everything under <see cref="Prefix"/>).</summary>
public static class ModelIds
{
    public static string New() => "m" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static bool IsValid(string id) =>
        id.Length == 21 && id[0] == 'm' && !id.AsSpan(1).ContainsAnyExcept("0123456789abcdef");

    public static string Prefix(string id) => $"models/{id}/";

    /// <summary>The stored model (<c>TableModel.Serialize</c>), committed only when complete.</summary>
    public static string ModelKey(string id) => $"models/{id}/model.synth";

    /// <summary>The evaluation report (JSON), owner only.</summary>
    public static string EvaluationKey(string id) => $"models/{id}/evaluation.json";

    /// <summary>What the fit shard reports to its job when done (<see cref="FitResult"/>), written last.</summary>
    public static string FitResultKey(string id) => $"models/{id}/fit.json";
}
