namespace Synth.Core.Privacy.Accounting;

/// <summary>
/// Keeps the ρ spent against a budget and refuses any spend that would exceed it, before the
/// caller touches data. Thread-safe. Synthesizers charge every measurement and selection here, so
/// a mistake in a mechanism's budget split fails loudly instead of leaking privacy.
/// </summary>
public sealed class PrivacyAccountant
{
    // Budget splits like ρ/3 + ρ/3 + ρ/3 do not add back to ρ exactly in floating point.
    private const double RelativeSlack = 1e-9;

    private readonly object _gate = new();
    private readonly List<PrivacySpend> _spends = [];
    private double _spent;

    public PrivacyAccountant(PrivacyBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budget = budget;
    }

    public PrivacyBudget Budget { get; }

    /// <summary>Total ρ spent so far.</summary>
    public double Spent
    {
        get
        {
            lock (_gate) return _spent;
        }
    }

    /// <summary>ρ still available (∞ for an infinite budget, never negative).</summary>
    public double Remaining
    {
        get
        {
            lock (_gate) return Math.Max(0, Budget.Rho - _spent);
        }
    }

    /// <summary>Every spend, in order.</summary>
    public IReadOnlyList<PrivacySpend> Spends
    {
        get
        {
            lock (_gate) return [.. _spends];
        }
    }

    /// <summary>Charges <paramref name="rho"/> if it fits; otherwise charges nothing and returns false.</summary>
    public bool TrySpend(double rho, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (!(rho >= 0) || double.IsPositiveInfinity(rho) && !Budget.IsInfinite)
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be >= 0 and finite");
        }
        lock (_gate)
        {
            if (_spent + rho > Budget.Rho * (1 + RelativeSlack)) return false;
            _spent += rho;
            _spends.Add(new PrivacySpend(purpose, rho));
            return true;
        }
    }

    /// <summary>Charges <paramref name="rho"/> or throws <see cref="PrivacyBudgetExceededException"/> (charging nothing).</summary>
    public void Spend(double rho, string purpose)
    {
        if (!TrySpend(rho, purpose)) throw new PrivacyBudgetExceededException(purpose, rho, Remaining);
    }
}
