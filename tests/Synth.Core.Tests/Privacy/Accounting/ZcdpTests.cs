using Synth.Core.Privacy.Accounting;

namespace Synth.Core.Tests.Privacy.Accounting;

public class ZcdpTests
{
    // Reference values from the Canonne–Kamath–Steinke conversion as published with the MST/AIM code
    // (cdp_rho / cdp_eps / cdp_delta, 1000-step bisections), computed independently in Python.
    [Theory]
    [InlineData(0.3, 1e-9, 0.0014767453611007348)]
    [InlineData(1.0, 1e-9, 0.014973057673588523)]
    [InlineData(3.0, 1e-9, 0.12058242891101999)]
    [InlineData(1.0, 1e-6, 0.024355970359538372)]
    [InlineData(10.0, 1e-5, 1.7826956163289516)]
    public void Rho_from_epsilon_and_delta_matches_the_reference_conversion(double epsilon, double delta, double rho)
    {
        Zcdp.RhoFromEpsilon(epsilon, delta).Should().BeApproximately(rho, rho * 1e-9);
    }

    [Theory]
    [InlineData(0.3, 1e-9)]
    [InlineData(1.0, 1e-9)]
    [InlineData(3.0, 1e-9)]
    [InlineData(8.0, 1e-5)]
    public void Epsilon_from_rho_inverts_rho_from_epsilon(double epsilon, double delta)
    {
        var rho = Zcdp.RhoFromEpsilon(epsilon, delta);

        Zcdp.EpsilonFromRho(rho, delta).Should().BeApproximately(epsilon, epsilon * 1e-9);
        Zcdp.DeltaFromRho(rho, epsilon).Should().BeLessThanOrEqualTo(delta * (1 + 1e-9));
    }

    [Fact]
    public void Delta_from_rho_matches_the_reference_conversion() =>
        Zcdp.DeltaFromRho(0.5, 3.0).Should().BeApproximately(0.005143184063862147, 1e-15);

    [Theory]
    [InlineData(0.001, 1e-9)]
    [InlineData(0.015, 1e-9)]
    [InlineData(0.5, 1e-6)]
    public void The_tight_bound_never_gives_a_larger_epsilon_than_the_classic_one(double rho, double delta)
    {
        var classic = Zcdp.ClassicEpsilon(rho, delta);

        classic.Should().BeApproximately(rho + 2 * Math.Sqrt(rho * Math.Log(1 / delta)), 1e-12);
        Zcdp.EpsilonFromRho(rho, delta).Should().BeLessThan(classic);
    }

    [Fact]
    public void A_sensitivity_one_count_under_rho_half_gets_unit_noise()
    {
        Zcdp.GaussianSigma(0.5).Should().BeApproximately(1.0, 1e-15);
        Zcdp.GaussianSigma(0.02, sensitivity: 2).Should().BeApproximately(10.0, 1e-12);
        Zcdp.GaussianRho(Zcdp.GaussianSigma(0.0123)).Should().BeApproximately(0.0123, 1e-15);
    }

    [Fact]
    public void An_exponential_mechanism_costs_epsilon_squared_over_eight() =>
        Zcdp.ExponentialRho(Zcdp.ExponentialEpsilon(0.01)).Should().BeApproximately(0.01, 1e-15);

    [Fact]
    public void Infinite_epsilon_is_infinite_rho() =>
        Zcdp.RhoFromEpsilon(double.PositiveInfinity, 1e-9).Should().Be(double.PositiveInfinity);

    [Theory]
    [InlineData(-1.0, 1e-9)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(double.NaN, 1e-9)]
    public void Out_of_range_parameters_are_refused(double epsilon, double delta)
    {
        var act = () => Zcdp.RhoFromEpsilon(epsilon, delta);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
