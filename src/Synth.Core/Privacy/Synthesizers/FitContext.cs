using System.Globalization;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// What every fit shares: the accountant each release is charged to before it is computed, the
/// fit's one random stream, progress and cancellation. With an infinite budget, measurements are
/// exact and selections pick the best candidate.
/// </summary>
internal sealed class FitContext
{
    private readonly IProgress<FitProgress>? _progress;

    public FitContext(string method, EncodedTable data, PrivacyBudget budget, SynthesizerOptions? options, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(budget);
        if (data.Domain.Count == 0) throw new ArgumentException("the domain has no attributes", nameof(data));
        Method = method;
        Data = data;
        Options = options ?? new SynthesizerOptions();
        Accountant = new PrivacyAccountant(budget);
        Random = new PrivateRandom(Options.Seed ?? PrivateRandom.SecureSeed());
        _progress = progress;
        CancellationToken = cancellationToken;
    }

    public string Method { get; }

    public EncodedTable Data { get; }

    public SynthesizerOptions Options { get; }

    public PrivacyAccountant Accountant { get; }

    public PrivateRandom Random { get; }

    public CancellationToken CancellationToken { get; }

    public bool IsPrivate => !Accountant.Budget.IsInfinite;

    /// <summary>Tables the fit's successive estimates reuse; <see cref="Retire"/> hands a dead model's back.</summary>
    internal TablePool Tables { get; } = new();

    public double Rho => Accountant.Budget.Rho;

    public int Threads => Options.MaxDegreeOfParallelism;

    public void Report(string stage, double fraction, string message) =>
        _progress?.Report(new FitProgress(stage, Math.Clamp(fraction, 0, 1), message));

    /// <summary>
    /// Charges a Gaussian measurement with noise σ, then releases it: the exact counts plus noise
    /// (exact counts, weighted as σ = 1, without privacy).
    /// </summary>
    public NoisyMeasurement Measure(AttributeSet attributes, double[] exact, double sigma, string purpose)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (!IsPrivate)
        {
            Accountant.Spend(double.PositiveInfinity, purpose);
            return new NoisyMeasurement(attributes, (double[])exact.Clone(), 1.0);
        }
        Accountant.Spend(Zcdp.GaussianRho(sigma), purpose);
        return new NoisyMeasurement(attributes, GaussianMechanism.Measure(exact, sigma, Random), sigma);
    }

    /// <summary>
    /// Charges a Gaussian release of <paramref name="exact"/>, a vector whose L2 sensitivity is
    /// <paramref name="sensitivity"/>, with noise σ (ρ = Δ²/(2σ²)); then releases it (exact without privacy).
    /// </summary>
    public double[] Release(ReadOnlySpan<double> exact, double sensitivity, double sigma, string purpose)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (!IsPrivate)
        {
            Accountant.Spend(double.PositiveInfinity, purpose);
            return exact.ToArray();
        }
        Accountant.Spend(Zcdp.GaussianRho(sigma / sensitivity), purpose);
        return GaussianMechanism.Measure(exact, sigma, Random);
    }

    /// <summary>Charges an exponential mechanism with parameter ε, then runs it.</summary>
    public int Select(ReadOnlySpan<double> qualities, double epsilon, double sensitivity, string purpose)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (!IsPrivate)
        {
            Accountant.Spend(double.PositiveInfinity, purpose);
            return ExponentialMechanism.Select(qualities, double.PositiveInfinity, 1, Random);
        }
        Accountant.Spend(Zcdp.ExponentialRho(epsilon), purpose);
        return ExponentialMechanism.Select(qualities, epsilon, sensitivity, Random);
    }

    public GraphicalModel Estimate(
        IReadOnlyList<int> sizes,
        IReadOnlyList<NoisyMeasurement> measurements,
        int iterations,
        double tolerance,
        GraphicalModel? warmStart,
        string stage,
        double fromFraction,
        double toFraction)
    {
        var options = new EstimationOptions
        {
            Iterations = iterations,
            RelativeTolerance = tolerance,
            MaxDegreeOfParallelism = Threads,
            Pool = Tables,
        };
        var every = Math.Max(1, iterations / 20);
        return MirrorDescentEstimator.Estimate(sizes, measurements, options, warmStart,
            (t, loss) =>
            {
                if (t % every == 0)
                {
                    Report(stage, fromFraction + (toFraction - fromFraction) * t / iterations,
                        string.Create(CultureInfo.InvariantCulture, $"{stage}: iteration {t}/{iterations}, loss {loss:G5}"));
                }
            },
            CancellationToken);
    }

    /// <summary>Gives a model that nothing will read again back to the table pool.</summary>
    public void Retire(GraphicalModel model) => Tables.Return(model);

    public GraphicalSynthesisModel Finish(DomainCompression compression, GraphicalModel model) =>
        new(Method, Data.Domain, compression, model, Accountant.Budget, Accountant.Spends);

    public static string Name(Domain domain, AttributeSet set) => set.ToString(domain);
}
