namespace Synth.Grains.Models;

/// <summary>A model about to be fitted, as the API records it before submitting its fit job.</summary>
/// <param name="DatasetOwner">The dataset's owner: the only one who reads the evaluation (it describes the real rows). Null: everyone.</param>
/// <param name="Owner">Who asked for the fit.</param>
/// <param name="Epsilon">ε of the fit at <paramref name="Delta"/>; null for a non-private model.</param>
/// <param name="Rho">ρ spent from the dataset's budget (0 for a non-private model).</param>
[GenerateSerializer, Immutable, Alias("synth.models.NewModel")]
public sealed record NewModel(
    string DatasetId,
    string? DatasetOwner,
    string? Owner,
    string Method,
    double? Epsilon,
    double? Delta,
    double Rho,
    bool Private,
    string FitJobId);
