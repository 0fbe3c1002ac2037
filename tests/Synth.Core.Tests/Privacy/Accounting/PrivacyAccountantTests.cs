using Synth.Core.Privacy.Accounting;

namespace Synth.Core.Tests.Privacy.Accounting;

public class PrivacyAccountantTests
{
    [Fact]
    public void Spend_beyond_budget_is_refused_and_nothing_is_recorded()
    {
        var accountant = new PrivacyAccountant(PrivacyBudget.FromRho(1.0));
        accountant.Spend(0.75, "first");

        var act = () => accountant.Spend(0.5, "second");

        act.Should().Throw<PrivacyBudgetExceededException>()
            .Where(e => e.Purpose == "second" && e.Requested == 0.5 && Math.Abs(e.Remaining - 0.25) < 1e-12)
            .WithMessage("*'second' needs rho 0.5*0.25 remains*");
        accountant.Spent.Should().Be(0.75);
        accountant.Spends.Should().ContainSingle().Which.Should().Be(new PrivacySpend("first", 0.75));
        accountant.TrySpend(0.5, "third").Should().BeFalse();
        accountant.Spends.Should().HaveCount(1);
    }

    [Fact]
    public void A_budget_split_in_thirds_adds_back_to_the_whole_despite_rounding()
    {
        var rho = Zcdp.RhoFromEpsilon(1, 1e-9);
        var accountant = new PrivacyAccountant(PrivacyBudget.FromEpsilon(1, 1e-9));

        for (var i = 0; i < 3; i++) accountant.Spend(rho / 3, $"third {i}");

        accountant.Remaining.Should().BeApproximately(0, 1e-15);
        accountant.TrySpend(rho * 1e-6, "one more").Should().BeFalse();
    }

    [Fact]
    public void Concurrent_spends_grant_exactly_what_fits()
    {
        var accountant = new PrivacyAccountant(PrivacyBudget.FromRho(1.0));

        var granted = 0;
        Parallel.For(0, 1000, i =>
        {
            if (accountant.TrySpend(0.01, $"spend {i}")) Interlocked.Increment(ref granted);
        });

        granted.Should().Be(100);
        accountant.Spends.Should().HaveCount(100);
    }

    [Fact]
    public void An_infinite_budget_takes_anything()
    {
        var accountant = new PrivacyAccountant(PrivacyBudget.Infinite);

        accountant.Spend(double.PositiveInfinity, "exact marginal");
        accountant.Spend(1e9, "large");

        accountant.Budget.IsInfinite.Should().BeTrue();
        accountant.Spends.Should().HaveCount(2);
    }

    [Fact]
    public void A_budget_made_from_epsilon_reports_it_back()
    {
        var budget = PrivacyBudget.FromEpsilon(1, 1e-9);

        budget.Rho.Should().BeApproximately(0.014973057673588523, 1e-12);
        budget.EpsilonAt(1e-9).Should().BeApproximately(1, 1e-9);
        budget.ToString().Should().Be("epsilon 1, delta 1E-09 (rho 0.0149731)");
    }
}
