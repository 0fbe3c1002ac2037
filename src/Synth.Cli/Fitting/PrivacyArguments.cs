using System.Globalization;
using Synth.Core.Privacy.Accounting;

namespace Synth.Cli.Fitting;

/// <summary>
/// Turns <c>--method</c>, <c>--epsilon</c> and <c>--delta</c> into a budget, refusing the
/// combinations that would silently mean something else: a private method needs a positive
/// finite ε, and the non-private one must not look as if it gave a guarantee.
/// </summary>
public static class PrivacyArguments
{
    public const string NonPrivate = "nonprivate";

    public const double DefaultDelta = 1e-9;

    /// <summary>The budget, or null with the reasons added to <paramref name="problems"/>.</summary>
    public static PrivacyBudget? Budget(string method, string? epsilonText, double delta, List<string> problems)
    {
        var nonPrivate = string.Equals(method, NonPrivate, StringComparison.OrdinalIgnoreCase);
        var count = problems.Count;
        if (!(delta > 0 && delta < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"--delta: must be between 0 and 1 (exclusive), got {delta:G}"));
        if (epsilonText is null)
        {
            if (nonPrivate) return problems.Count == count ? PrivacyBudget.Infinite : null;
            problems.Add($"--epsilon: required by --method {method} (a positive number such as 1; smaller is more private)");
            return null;
        }
        if (!TryParseEpsilon(epsilonText, out var epsilon))
        {
            problems.Add($"--epsilon: '{epsilonText}' is not a number (a positive number such as 1, or inf with --method nonprivate)");
            return null;
        }
        if (!(epsilon > 0))
        {
            problems.Add($"--epsilon: must be > 0, got {epsilonText}");
            return null;
        }
        if (nonPrivate && !double.IsPositiveInfinity(epsilon))
        {
            problems.Add($"--epsilon: --method nonprivate gives no privacy guarantee, so it takes no epsilon (omit it or pass inf); for a private model use --method mst, aim or independent");
            return null;
        }
        if (!nonPrivate && double.IsPositiveInfinity(epsilon))
        {
            problems.Add($"--epsilon: inf means no privacy; use --method nonprivate for that, or give --method {method} a finite epsilon");
            return null;
        }
        if (problems.Count > count) return null;
        return nonPrivate ? PrivacyBudget.Infinite : PrivacyBudget.FromEpsilon(epsilon, delta);
    }

    /// <summary>A number in invariant notation, or inf / infinity / ∞ (any case).</summary>
    public static bool TryParseEpsilon(string text, out double epsilon)
    {
        var trimmed = text.Trim();
        if (trimmed.ToLowerInvariant() is "inf" or "+inf" or "infinity" or "+infinity" or "∞")
        {
            epsilon = double.PositiveInfinity;
            return true;
        }
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out epsilon);
    }
}
