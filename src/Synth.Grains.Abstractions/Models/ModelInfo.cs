namespace Synth.Grains.Models;

/// <summary>A model as users see it.</summary>
/// <param name="Private">False for a <c>nonprivate</c> model (no differential privacy: a realistic copy of data that is not sensitive).</param>
/// <param name="Epsilon">The fit's ε at <paramref name="Delta"/>; null when not private.</param>
/// <param name="Rho">ρ the fit spent from the dataset's budget (0 when not private).</param>
/// <param name="FitJobId">The fit job (<c>GET /jobs/{id}</c> has its progress).</param>
/// <param name="ModelBytes">Size of the stored model, bytes; null until ready.</param>
/// <param name="Sampleable">Whether <c>POST /models/{id}/samples</c> accepts requests (status Ready).</param>
/// <param name="EvaluationError">Why the evaluation is missing though the model is ready; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("synth.models.ModelInfo")]
public sealed record ModelInfo(
    string Id,
    string DatasetId,
    string Method,
    bool Private,
    double? Epsilon,
    double? Delta,
    double Rho,
    string FitJobId,
    ModelStatus Status,
    string? Error,
    string? Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? ModelKey,
    long? ModelBytes,
    int? TrainRows,
    int? HoldoutRows,
    bool Sampleable,
    bool HasEvaluation,
    string? EvaluationError);
