using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Numeric;

/// <summary>
/// A numeric distribution sampled by its quantile function x = F⁻¹(u). Using only quantiles lets
/// independent fields draw u straight from the counter RNG and copula fields draw it from
/// correlated normals, with the same code.
/// </summary>
public abstract class InverseCdf
{
    public abstract double Quantile(double u);

    /// <summary>Quantiles of a whole batch, in place. Sealed subclasses repeat their formula here so it inlines into the loop.</summary>
    public abstract void Quantiles(Span<double> values);

    /// <summary>Builds the quantile function a field spec declares. Int fields with a uniform distribution are discrete over [min, max].</summary>
    public static InverseCdf For(FieldSpec spec) => spec.Distribution switch
    {
        Distribution.Uniform when spec.Type == FieldType.Int => new DiscreteUniform(Math.Ceiling(spec.Min ?? 0), Math.Floor(spec.Max ?? 100)),
        Distribution.Uniform => new Uniform(spec.Min ?? 0, spec.Max ?? 1),
        Distribution.Normal => new Normal(spec.Mean, spec.Std),
        Distribution.Lognormal => new Lognormal(spec.Mean, spec.Std),
        Distribution.Exponential => new Exponential(spec.Lambda),
        Distribution.Poisson => new Tabulated(PoissonWeights(spec.Lambda), offset: 0),
        Distribution.Zipf => new Tabulated(ZipfWeights(spec.S, spec.N), offset: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Distribution, null),
    };

    private sealed class Uniform(double min, double max) : InverseCdf
    {
        public override double Quantile(double u) => min + u * (max - min);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Quantiles(Span<double> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var u = values[i];
                values[i] = min + u * (max - min);
            }
        }
    }

    private sealed class DiscreteUniform(double min, double max) : InverseCdf
    {
        private readonly double _span = max - min + 1;

        public override double Quantile(double u) => Math.Min(max, min + Math.Floor(u * _span));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Quantiles(Span<double> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var u = values[i];
                values[i] = Math.Min(max, min + Math.Floor(u * _span));
            }
        }
    }

    private sealed class Normal(double mean, double std) : InverseCdf
    {
        public override double Quantile(double u) => mean + std * StandardNormal.Quantile(u);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Quantiles(Span<double> values)
        {
            StandardNormal.Quantiles(values);
            for (var i = 0; i < values.Length; i++) values[i] = mean + std * values[i];
        }
    }

    /// <summary>mean/std are those of the underlying normal (numpy's convention).</summary>
    private sealed class Lognormal(double mean, double std) : InverseCdf
    {
        public override double Quantile(double u) => Math.Exp(mean + std * StandardNormal.Quantile(u));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Quantiles(Span<double> values)
        {
            StandardNormal.Quantiles(values);
            for (var i = 0; i < values.Length; i++) values[i] = Math.Exp(mean + std * values[i]);
        }
    }

    private sealed class Exponential(double lambda) : InverseCdf
    {
        public override double Quantile(double u) => -Math.Log(1 - u) / lambda;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Quantiles(Span<double> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var u = values[i];
                values[i] = -Math.Log(1 - u) / lambda;
            }
        }
    }

    private sealed class Tabulated(double[] weights, int offset) : InverseCdf
    {
        private readonly DiscreteSampler _sampler = new(weights);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]

        public override double Quantile(double u) => _sampler.Sample(u) + offset;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Quantiles(Span<double> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var u = values[i];
                values[i] = _sampler.Sample(u) + offset;
            }
        }
    }

    /// <summary>Poisson probabilities from 0 up to where the tail is below 1e-15, computed in log space.</summary>
    private static double[] PoissonWeights(double lambda)
    {
        var upper = (int)Math.Ceiling(lambda + 12 * Math.Sqrt(lambda) + 20);
        var w = new double[upper + 1];
        var logLambda = Math.Log(lambda);
        for (var k = 0; k <= upper; k++)
        {
            w[k] = Math.Exp(k * logLambda - lambda - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1));
        }
        return w;
    }

    private static double[] ZipfWeights(double s, int n)
    {
        var w = new double[n];
        for (var k = 1; k <= n; k++) w[k - 1] = Math.Pow(k, -s);
        return w;
    }
}
