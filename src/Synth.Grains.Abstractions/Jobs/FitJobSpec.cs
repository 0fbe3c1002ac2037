using Synth.Core.Privacy.Synthesizers;

namespace Synth.Grains.Jobs;

/// <summary>
/// What a fit job fits (<see cref="JobKind.Fit"/>): everything is fixed at submission, so a job
/// never reads a domain the owner changed afterwards or spends anything but its grant.
/// </summary>
/// <param name="ModelId">The model the fit produces (its artifacts go under <c>models/{ModelId}/</c>).</param>
/// <param name="DatasetId">The dataset fitted on.</param>
/// <param name="DataKey">Where the dataset's CSV is in the artifact store.</param>
/// <param name="DomainJson">The confirmed domain at submission (<c>DomainSpec.ToJson</c>).</param>
/// <param name="Method">A synthesizer of <c>SynthesizerRegistry.Default</c>: mst, aim, privsyn, independent or nonprivate.</param>
/// <param name="Epsilon">The ε asked for; null for nonprivate.</param>
/// <param name="Delta">The δ of <paramref name="Epsilon"/>; null for nonprivate.</param>
/// <param name="Rho">The ρ granted by the dataset's budget (0 for nonprivate).</param>
/// <param name="SpendId">The budget grant (refunded if the job ends before touching the data); null for nonprivate.</param>
/// <param name="Seed">The fit's random seed; null (default) draws one from the OS's cryptographic source.</param>
/// <param name="HoldoutFraction">Share of the rows kept out of the fit for the evaluation, in [0, 1). Default 0.2.</param>
/// <param name="OptionsJson">SynthesizerOptions as JSON (camelCase), null for the defaults.</param>
/// <param name="EvaluationTarget">The column the evaluation's classifier predicts; null: the last synthesised column.</param>
/// <param name="Device">
/// Where the fit's marginal kernels run (aim, nonprivate): the CPU code (default), a CUDA GPU (the job
/// then requires the <c>gpu</c> silo tag; a tagged silo without a CUDA device fits on the CPU and logs
/// it), or the GPU when the silo that runs the job has one.
/// </param>
[GenerateSerializer, Immutable, Alias("synth.jobs.FitJobSpec")]
public sealed record FitJobSpec(
    string ModelId,
    string DatasetId,
    string DataKey,
    string DomainJson,
    string Method,
    double? Epsilon,
    double? Delta,
    double Rho,
    Guid? SpendId,
    ulong? Seed = null,
    double HoldoutFraction = FitJobSpec.DefaultHoldoutFraction,
    string? OptionsJson = null,
    string? EvaluationTarget = null,
    ComputeDevice Device = ComputeDevice.Cpu)
{
    public const double DefaultHoldoutFraction = 0.2;
}
