using System.Globalization;

namespace Synth.Core.Privacy.Accounting;

/// <summary>A spend that would take an accountant past its budget; nothing was charged.</summary>
public sealed class PrivacyBudgetExceededException : InvalidOperationException
{
    public PrivacyBudgetExceededException(string purpose, double requested, double remaining)
        : base(string.Create(CultureInfo.InvariantCulture, $"'{purpose}' needs rho {requested:G6} but only {remaining:G6} remains"))
    {
        Purpose = purpose;
        Requested = requested;
        Remaining = remaining;
    }

    public string Purpose { get; }

    public double Requested { get; }

    public double Remaining { get; }
}
