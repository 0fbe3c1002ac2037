using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Synth.Core.Datasets;
using Synth.Core.Privacy;
using Synth.Core.Privacy.Evaluation;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth evaluate</c>: how faithful, useful and safe a synthetic CSV is next to the real one
/// (and, with <c>--holdout</c>, real rows the fit never saw). The report describes the real data:
/// it is for the data's owner, not a release.
/// </summary>
public static class EvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var real = new Option<string>("--real", "-r") { Description = "The real CSV the model was fitted on", Required = true };
        var synthetic = new Option<string>("--synthetic", "-s") { Description = "The synthetic CSV, e.g. written by synth sample", Required = true };
        var domain = new Option<string>("--domain") { Description = "The confirmed domain the model was fitted under (Synth's or Private-PGM's {\"column\": size})", Required = true };
        var holdout = new Option<string?>("--holdout") { Description = "Real rows the fit never saw: enables the ML utility and the train-versus-holdout distances" };
        var target = new Option<string?>("--target") { Description = "The column the utility classifier predicts (default: the domain's last synthesised column)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the whole report as JSON to this file (the summary still goes to standard output)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the evaluation's own sampling and classifier training (default 0)" };
        var threads = new Option<int?>("--threads", "-t") { Description = "Threads (default: all cores); the report does not depend on it" };
        var command = new Command("evaluate", "Compare a synthetic CSV with the real one: marginal distances, associations, ML utility, privacy risk")
        {
            real, synthetic, domain, holdout, target, output, seed, threads,
        };
        command.SetAction(r => Run(r.GetValue(real)!, r.GetValue(synthetic)!, r.GetValue(domain)!, r.GetValue(holdout), r.GetValue(target),
            r.GetValue(output), r.GetValue(seed), r.GetValue(threads)));
        return command;
    }

    private static int Run(string realPath, string syntheticPath, string domainPath, string? holdoutPath, string? target, string? output, ulong seed, int? threads)
    {
        var problems = new List<string>();
        if (threads is <= 0) problems.Add("--threads: must be > 0");
        if (output is not null && AtomicFile.TargetProblem(output, "--output") is { } outputProblem) problems.Add(outputProblem);
        if (problems.Count > 0) throw new UsageException(problems);
        var domain = InputFiles.ReadDomain(domainPath, "--domain");
        var modelled = domain.Columns.Where(c => c.IsSynthesized).Select(c => c.Name).ToList();
        if (target is not null && !modelled.Contains(target, StringComparer.Ordinal))
        {
            throw new UsageException($"--target: '{target}' is not a synthesised column of the domain ({string.Join(", ", modelled)})");
        }
        var codec = new TableCodec(domain);
        var train = Encode(codec, domain, realPath, "--real");
        var fake = Encode(codec, domain, syntheticPath, "--synthetic");
        var held = holdoutPath is null ? null : Encode(codec, domain, holdoutPath, "--holdout");
        if (train.Rows == 0 || fake.Rows == 0) throw new UsageException($"{(train.Rows == 0 ? "--real" : "--synthetic")}: the file has no rows");
        // An empty holdout would silently drop the utility and the train-versus-holdout distances.
        if (held is { Rows: 0 }) throw new UsageException("--holdout: the file has no rows");

        var report = SynthesisEvaluator.Evaluate(train, held, fake, new EvaluationOptions
        {
            Target = target,
            Ordered = domain.OrderedAttributes(),
            Seed = seed,
            MaxDegreeOfParallelism = threads ?? -1,
        });
        if (output is not null)
        {
            using var file = new AtomicFile(output);
            JsonSerializer.Serialize(file.Stream, report, Json);
            file.Commit();
        }
        Console.Out.Write(Summary(report));
        return ExitCodes.Ok;
    }

    private static EncodedTable Encode(TableCodec codec, DomainSpec domain, string path, string option)
    {
        var table = InputFiles.ReadCsv(path, option);
        InputFiles.RequireColumns(table, domain, path, option);
        try
        {
            return codec.Encode(table);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option} {path}: {e.Message}");
        }
    }

    /// <summary>The report in a few lines a person reads; the JSON has everything.</summary>
    internal static string Summary(EvaluationReport report)
    {
        var text = new StringBuilder();
        var m = report.Marginals;
        Line(text, $"rows       real {report.TrainRows:N0}, synthetic {report.SyntheticRows:N0}, holdout {report.HoldoutRows:N0}");
        Line(text, $"marginals  1-way TV mean {m.MeanOneWay:0.0000} (max {m.MaxOneWay:0.0000}), 2-way TV mean {m.MeanTwoWay:0.0000} (max {m.MaxTwoWay:0.0000})");
        if (report.WorstPairs.Count > 0) Line(text, $"           worst pairs: {string.Join(", ", report.WorstPairs.Select(p => $"{p.A} × {p.B} {p.Distance:0.000}"))}");
        var a = report.Associations;
        var worst = a.WorstPairs.FirstOrDefault();
        Line(text, $"associations  mean |difference| {a.MeanAbsoluteDifference:0.0000}, max {a.MaxAbsoluteDifference:0.0000}" +
            (worst is null ? "" : $" ({worst.A} × {worst.B}, {worst.Measure} {worst.Real:0.000} real vs {worst.Synthetic:0.000} synthetic)"));
        if (report.Utility is { } u)
        {
            Line(text, $"utility    predicting {u.Target} on {u.HoldoutRows:N0} holdout rows: trained on real {u.Real.Accuracy:P1} accuracy (macro-F1 {u.Real.MacroF1:0.000}), " +
                $"on synthetic {u.Synthetic.Accuracy:P1} ({u.Synthetic.MacroF1:0.000}); ratio {Ratio(u.AccuracyRatio)}; always the commonest class {u.MajorityAccuracy:P1}");
        }
        else
        {
            Line(text, "utility    needs --holdout (real rows the fit never saw)");
        }
        var r = report.PrivacyRisk;
        Line(text, r.MedianDistanceToHoldout is { } holdoutDistance
            ? $"privacy    closest record (attributes that differ, median): training {r.MedianDistanceToTrain:0.#}, holdout {holdoutDistance:0.#}; " +
              $"closer to training {r.ShareCloserToTrain:P1}, to holdout {r.ShareCloserToHoldout:P1}, tied {r.ShareTied:P1} " +
              $"({r.ReferenceRows:N0} rows of each searched, {r.TrainFractionSearched:P0} of the training rows)"
            : $"privacy    closest training record (attributes that differ, median): {r.MedianDistanceToTrain:0.#}");
        Line(text, $"           exact copies of training rows: {r.ExactMatchRate:P2} of synthetic rows" +
            (r.HoldoutExactMatchRate is { } baseline ? $" (real holdout rows: {baseline:P2})" : ""));
        return text.ToString();
    }

    private static string Ratio(double? ratio) => ratio is { } value ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static void Line(StringBuilder text, string line) => text.Append(CultureInfo.InvariantCulture, $"{line}\n");
}
