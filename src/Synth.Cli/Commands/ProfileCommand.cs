using System.CommandLine;
using System.Globalization;
using Synth.Cli.Fitting;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth profile</c>: reads a CSV, infers each column's kind and writes the draft domain for
/// the owner to check and edit before fitting a private model (the domain is treated as public).
/// With <c>--private</c> the bounds and categories are derived with differential privacy instead
/// (<see cref="PrivateDomainDerivation"/>), so the domain can be published as it is.
/// </summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "The CSV to profile (header line; encoding and delimiter are detected)", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the draft domain (JSON); default standard output" };
        var isPrivate = new Option<bool>("--private")
        {
            Description = "Derive bounds (DP quantiles) and categories (noisy counts above a threshold) with differential privacy, spending --epsilon; "
                + "the written domain is then (epsilon, delta)-DP and may be published",
        };
        var epsilon = new Option<string?>("--epsilon", "-e") { Description = "With --private: epsilon > 0 of the whole derivation (smaller is more private)" };
        var delta = new Option<double?>("--delta") { Description = $"With --private: delta of the (epsilon, delta) guarantee, 0 < delta < 1. Default {PrivacyArguments.DefaultDelta:G}" };
        var thresholdDelta = new Option<double?>("--threshold-delta")
        {
            Description = "With --private: delta', the part of --delta that the category thresholds use (the chance that a value held by one row is released); below --delta. Default delta / 10",
        };
        var bounds = new Option<string[]>("--bounds")
        {
            Description = "With --private: public outer range of a numeric or datetime column, col=low:high (or col=low..high, needed for times with colons); "
                + "repeatable. Default -1e9:1e9, datetimes 1900-01-01..2100-01-01",
            AllowMultipleArgumentsPerToken = true,
        };
        var kinds = new Option<string?>("--kinds") { Description = "With --private: a domain file whose column kinds and bins to keep (e.g. an edited draft); default: the kinds profiling infers" };
        var quantiles = new Option<string?>("--quantiles") { Description = "With --private: the quantiles taken as the lower and upper bounds of numeric and datetime columns, as low:high (default 0.01:0.99; values beyond are clipped)" };
        var seed = new Option<ulong?>("--seed") { Description = "With --private: seed of the noise, for reproducible tests only (whoever knows it can remove the noise). Default: cryptographic" };
        var command = new Command("profile", "Profile a CSV: each column's kind, missing values and range, and a draft domain to confirm (or, with --private, a domain derived with differential privacy)")
        {
            data, output, isPrivate, epsilon, delta, thresholdDelta, bounds, quantiles, kinds, seed,
        };
        command.SetAction(r => r.GetValue(isPrivate)
            ? RunPrivate(new PrivateRequest(r.GetValue(data)!, r.GetValue(output), r.GetValue(epsilon), r.GetValue(delta) ?? PrivacyArguments.DefaultDelta,
                r.GetValue(thresholdDelta), r.GetValue(bounds) ?? [], r.GetValue(quantiles), r.GetValue(kinds), r.GetValue(seed)))
            : Run(r.GetValue(data)!, r.GetValue(output), PrivateOnly(r, epsilon, delta, thresholdDelta, bounds, quantiles, kinds, seed)));
        return command;
    }

    private sealed record PrivateRequest(string Data, string? Output, string? Epsilon, double Delta, double? ThresholdDelta, string[] Bounds, string? Quantiles, string? Kinds, ulong? Seed);

    /// <summary>The options given that only mean something with --private.</summary>
    private static List<string> PrivateOnly(System.CommandLine.ParseResult r, params Option[] options) =>
        [.. options.Where(o => r.GetResult(o) is { Implicit: false }).Select(o => $"{o.Name}: applies with --private only (it derives the domain with differential privacy)")];

    private static int Run(string path, string? output, List<string> problems)
    {
        if (problems.Count > 0) throw new UsageException(problems);
        var table = InputFiles.ReadCsv(path, "--data");
        var profile = DatasetProfiler.Profile(table);
        var domain = DatasetProfiler.DraftDomain(profile, table);
        Console.Error.WriteLine($"{path}: {profile.Rows:N0} rows, {profile.Columns.Count} columns");
        foreach (var column in profile.Columns)
        {
            var range = column.Min is null ? "" : $", {column.Min} .. {column.Max}";
            var missing = column.Missing > 0 ? $", {column.Missing:N0} missing" : "";
            var note = column.Kind is ColumnKind.Identifier or ColumnKind.Text ? " (not synthesised)" : "";
            Console.Error.WriteLine($"  {column.Name}: {column.Kind.ToString().ToLowerInvariant()}, {column.Distinct:N0} distinct{range}{missing}{note}");
        }
        Write(domain, output);
        return ExitCodes.Ok;
    }

    private static int RunPrivate(PrivateRequest request)
    {
        var problems = new List<string>();
        double epsilon = 0;
        if (request.Epsilon is null) problems.Add("--epsilon: required by --private (a positive number such as 1; smaller is more private)");
        else if (!PrivacyArguments.TryParseEpsilon(request.Epsilon, out epsilon) || !(epsilon > 0) || double.IsInfinity(epsilon))
        {
            problems.Add($"--epsilon: must be a positive, finite number, got {request.Epsilon}");
        }
        if (!(request.Delta > 0 && request.Delta < 1)) problems.Add(Invariant($"--delta: must be between 0 and 1 (exclusive), got {request.Delta:G}"));
        var thresholdDelta = request.ThresholdDelta ?? request.Delta / 10;
        if (!(thresholdDelta > 0 && thresholdDelta < request.Delta)) problems.Add(Invariant($"--threshold-delta: must be above 0 and below --delta ({request.Delta:G}), got {thresholdDelta:G}"));
        var bounds = new Dictionary<string, PublicRange>(StringComparer.Ordinal);
        foreach (var text in request.Bounds)
        {
            if (ParseBounds(text) is { } parsed) bounds[parsed.Column] = parsed.Range;
            else problems.Add($"--bounds: '{text}' is not col=low:high (or col=low..high)");
        }
        var (lowQuantile, highQuantile) = (PrivateDomainOptions.DefaultLowQuantile, PrivateDomainOptions.DefaultHighQuantile);
        if (request.Quantiles is { } q && !TryParseQuantiles(q, out lowQuantile, out highQuantile))
        {
            problems.Add($"--quantiles: '{q}' is not low:high with 0 <= low < high <= 1, e.g. 0.01:0.99");
        }
        if (problems.Count > 0) throw new UsageException(problems);
        if (request.Seed is { } s) Console.Error.WriteLine($"warning: --seed {s} makes the noise reproducible; whoever knows the seed can remove it, so this domain is not private. Use it for tests only.");

        var kinds = request.Kinds is null ? null : InputFiles.ReadDomain(request.Kinds, "--kinds");
        var table = InputFiles.ReadCsv(request.Data, "--data");
        // The draft's forms are read off the data: without --kinds they are derived privately instead (or left default).
        kinds ??= DatasetProfiler.DraftDomain(DatasetProfiler.Profile(table), table).WithoutForms();
        var categorical = kinds.Columns.Any(c => c.Kind == ColumnKind.Categorical);
        // The whole derivation is (ε, δ)-DP: ρ gets what (ε, δ − δ′) allows, δ′ goes to the thresholds (if any category is derived).
        var options = new PrivateDomainOptions
        {
            Rho = Zcdp.RhoFromEpsilon(epsilon, categorical ? request.Delta - thresholdDelta : request.Delta),
            ThresholdDelta = thresholdDelta,
            Bounds = bounds,
            LowQuantile = lowQuantile,
            HighQuantile = highQuantile,
        };
        PrivateDomain derived;
        try
        {
            derived = PrivateDomainDerivation.Derive(table, kinds, options, request.Seed is { } seed ? new PrivateRandom(seed) : PrivateRandom.FromSecureSeed());
        }
        catch (ArgumentException e)
        {
            var option = e.Message.StartsWith("bounds.", StringComparison.Ordinal) ? "--bounds" : request.Kinds is null ? "--data" : "--kinds";
            throw new UsageException($"{option}: {e.Message}");
        }
        var domain = derived.Domain with
        {
            Derivation = new DomainDerivationInfo(epsilon, categorical ? request.Delta - thresholdDelta : request.Delta, derived.Rho, derived.ThresholdDelta, DateTimeOffset.UtcNow),
        };
        Console.Error.WriteLine($"{request.Data}: {table.Header.Count} columns, domain derived with differential privacy");
        foreach (var column in domain.Columns)
        {
            var space = column.Kind switch
            {
                ColumnKind.Categorical => $", {column.Categories!.Count} categories released (others as \"other\")",
                ColumnKind.Integer or ColumnKind.Continuous or ColumnKind.Datetime => $", {column.Min} .. {column.Max}",
                _ => " (not synthesised; nothing derived)",
            };
            Console.Error.WriteLine($"  {column.Name}: {column.Kind.ToString().ToLowerInvariant()}{space}");
        }
        Console.Error.WriteLine(derived.Spends.Count == 0
            ? "spent nothing: no column needs a derived domain"
            : Invariant($"spent rho {derived.Rho:G4} (epsilon {epsilon:G4} at delta {request.Delta:G3}, of which delta' {derived.ThresholdDelta:G3} for the category thresholds)"));
        Write(domain, output: request.Output);
        return ExitCodes.Ok;
    }

    /// <summary>col=low:high, or col=low..high (for datetimes with times, which contain colons).</summary>
    private static (string Column, PublicRange Range)? ParseBounds(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0) return null;
        var (column, range) = (text[..equals].Trim(), text[(equals + 1)..]);
        var dots = range.IndexOf("..", StringComparison.Ordinal);
        string low, high;
        if (dots >= 0) (low, high) = (range[..dots], range[(dots + 2)..]);
        else if (range.Count(c => c == ':') == 1) (low, high) = (range[..range.IndexOf(':', StringComparison.Ordinal)], range[(range.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        else return null;
        return low.Trim().Length == 0 || high.Trim().Length == 0 ? null : (column, new PublicRange(low.Trim(), high.Trim()));
    }

    private static bool TryParseQuantiles(string text, out double low, out double high)
    {
        low = high = 0;
        var parts = text.Split(':');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out low)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out high)
            && low >= 0 && low < high && high <= 1;
    }

    private static void Write(DomainSpec domain, string? output)
    {
        if (output is null) Console.WriteLine(domain.ToJson());
        else AtomicFile.WriteAllText(output, domain.ToJson() + Environment.NewLine);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
