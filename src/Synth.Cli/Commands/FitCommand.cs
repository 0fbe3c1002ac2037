using System.CommandLine;
using System.Globalization;
using Synth.Cli.Fitting;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Synthesizers;
using Synth.Gpu.Estimation;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth fit</c>: learns a model of a CSV under a confirmed domain and a privacy budget, and
/// writes it (a <see cref="TableModel"/>) for <c>synth sample</c>. No server is involved.
/// </summary>
public static class FitCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "The CSV to learn from (header line; encoding and delimiter are detected)", Required = true };
        var domain = new Option<string>("--domain") { Description = "The confirmed domain: Synth's (synth profile's draft, checked and edited) or Private-PGM's {\"column\": size} for integer-coded data", Required = true };
        var method = new Option<string>("--method", "-m") { Description = "mst, aim, privsyn, independent, or nonprivate (no privacy at all: for data that is not sensitive)", Required = true };
        var epsilon = new Option<string?>("--epsilon", "-e") { Description = "Privacy budget epsilon > 0, required by mst, aim, privsyn and independent (smaller is more private); nonprivate takes none, or inf" };
        var delta = new Option<double>("--delta") { Description = "delta of the (epsilon, delta) guarantee, 0 < delta < 1", DefaultValueFactory = _ => PrivacyArguments.DefaultDelta };
        var output = new Option<string>("--out", "--output", "-o") { Description = "Where to write the model, e.g. model.synth (written under a temporary name, renamed when complete)", Required = true };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the fit's noise, for reproducible tests only: whoever knows it can subtract the noise. Default: drawn from the OS's cryptographic source" };
        var threads = new Option<int?>("--threads", "-t") { Description = "Threads for counting and estimation (default: all cores); the model does not depend on it" };
        var iterations = new Option<int?>("--iterations") { Description = "Mirror-descent iterations of the final estimate (default: mst 5000, others 1000); privsyn: passes of its gradual update when sampling (default 40)" };
        var roundIterations = new Option<int?>("--round-iterations") { Description = "mst, aim, nonprivate: iterations of the intermediate estimates (aim: after each round; mst: the 1-way estimate its tree selection scores against). Default 1000" };
        var rounds = new Option<int?>("--rounds") { Description = "aim: planned rounds, at least one per column (default 16 per column); nonprivate: rounds run (default one per column)" };
        var device = new Option<string>("--device") { Description = "aim, nonprivate: where the candidate marginals of large cliques are summed: cpu (default), gpu (a CUDA GPU through ILGPU; an error when none is present) or auto (the GPU when present)", DefaultValueFactory = _ => "cpu" };
        var maxModelMb = new Option<double?>("--max-model-mb") { Description = "aim, nonprivate: the largest model a selection may grow to, in MiB (default 10)" };
        var command = new Command("fit", "Fit a differentially private model of a CSV (MST, AIM, PrivSyn, independent) or a non-private one, for synth sample")
        {
            data, domain, method, epsilon, delta, output, seed, threads, iterations, roundIterations, rounds, maxModelMb, device,
        };
        // On a thread of its own: System.CommandLine waits (ProcessTerminationTimeout) for the action's
        // task after Ctrl-C / SIGTERM only if it has one; an action that ran inline would be cut off
        // before its AtomicFile could delete the partial output.
        command.SetAction((r, ct) => Task.Run(() => Run(new FitRequest(
            r.GetValue(data)!, r.GetValue(domain)!, r.GetValue(method)!, r.GetValue(epsilon), r.GetValue(delta), r.GetValue(output)!,
            r.GetValue(seed), r.GetValue(threads), r.GetValue(iterations), r.GetValue(roundIterations), r.GetValue(rounds), r.GetValue(maxModelMb), r.GetValue(device)!), ct), CancellationToken.None));
        return command;
    }

    private sealed record FitRequest(string Data, string Domain, string Method, string? Epsilon, double Delta, string Output,
        ulong? Seed, int? Threads, int? Iterations, int? RoundIterations, int? Rounds, double? MaxModelMb, string Device);

    private static int Run(FitRequest request, CancellationToken cancellationToken)
    {
        // The environment's SYNTH_SEED is deliberately not read: a seed must never reach a private fit unasked.
        var settings = CliConfig.Load(null);
        var (synthesizer, budget, options) = Validate(request);
        if (request.Seed is { } seed && !budget.IsInfinite)
        {
            Console.Error.WriteLine($"warning: --seed {seed} makes the noise reproducible; whoever knows the seed can remove it, so this model is not private. Use it for tests only.");
        }

        using var accelerator = Accelerator(request);
        options.Kernels = accelerator?.Kernels;

        // The domain first: it is small, and its mistakes are the likeliest ones.
        var domain = InputFiles.ReadDomain(request.Domain, "--domain");
        CheckRounds(request, synthesizer, budget, domain);
        var table = InputFiles.ReadCsv(request.Data, "--data");
        InputFiles.RequireColumns(table, domain, request.Data);

        TableModel model;
        TimeSpan fitTime;
        using (var progress = FitProgressLine.Create(settings.LogLevel))
        {
            try
            {
                model = TableModel.Fit(table, domain, synthesizer, budget, options, progress, cancellationToken);
                fitTime = progress.Elapsed;
            }
            catch (FormatException e)
            {
                // TableModel.Fit encodes the data before measuring anything; this is a value outside the domain.
                throw new UsageException($"--data {request.Data}: {e.Message}");
            }
            catch (PrivacyBudgetExceededException e)
            {
                // A synthesizer that would overspend stops before the release: nothing leaked, nothing written.
                Console.Error.WriteLine($"error: the fit stopped before exceeding its budget: {e.Message}");
                return ExitCodes.Failed;
            }
        }
        var bytes = model.Serialize();
        using (var file = new AtomicFile(request.Output))
        {
            file.Stream.Write(bytes);
            file.Commit();
        }
        if (settings.LogLevel is "debug" or "info") Console.Error.WriteLine(Summary(request, model, table, bytes.Length, fitTime));
        return ExitCodes.Ok;
    }

    private static (ISynthesizer Synthesizer, PrivacyBudget Budget, SynthesizerOptions Options) Validate(FitRequest request)
    {
        var problems = new List<string>();
        ISynthesizer? synthesizer = null;
        try
        {
            synthesizer = SynthesizerRegistry.Default.Get(request.Method);
        }
        catch (KeyNotFoundException e)
        {
            problems.Add($"--method: {e.Message}");
        }
        var budget = PrivacyArguments.Budget(request.Method, request.Epsilon, request.Delta, problems);
        var method = synthesizer?.Name;
        if (request.Threads is <= 0) problems.Add("--threads: must be > 0");
        if (request.Iterations is <= 0) problems.Add("--iterations: must be > 0");
        if (request.RoundIterations is <= 0) problems.Add("--round-iterations: must be > 0");
        if (request.Rounds is <= 0) problems.Add("--rounds: must be > 0");
        if (request.MaxModelMb is { } mb && !(mb > 0 && double.IsFinite(mb))) problems.Add("--max-model-mb: must be a positive number");
        if (method is "independent" or "privsyn" && request.RoundIterations is not null) problems.Add($"--round-iterations: applies to --method mst, aim and nonprivate only, not {method}");
        if (method is "independent" or "mst" or "privsyn")
        {
            if (request.Rounds is not null) problems.Add($"--rounds: applies to --method aim and nonprivate only, not {method}");
            if (request.MaxModelMb is not null) problems.Add($"--max-model-mb: applies to --method aim and nonprivate only, not {method}");
        }
        if (!ComputeDevices.TryParse(request.Device, out var computeDevice))
        {
            problems.Add($"--device: '{request.Device}' is not {ComputeDevices.Names}");
        }
        else if (computeDevice != ComputeDevice.Cpu && method is not null && !ComputeDevices.Accelerates(method))
        {
            problems.Add($"--device: {request.Device.ToLowerInvariant()} applies to --method aim and nonprivate only (the GPU path sums AIM's candidate marginals), not {method}");
        }
        // Checked before the fit, which may take minutes, rather than when the model is written.
        if (AtomicFile.TargetProblem(request.Output, "--out") is { } outputProblem) problems.Add(outputProblem);
        if (problems.Count > 0) throw new UsageException(problems);

        var options = new SynthesizerOptions { Seed = request.Seed, MaxDegreeOfParallelism = request.Threads ?? -1 };
        if (request.Iterations is { } final)
        {
            options.Mst.FinalIterations = final;
            options.Aim.FinalIterations = final;
            options.IndependentIterations = final;
            options.PrivSyn.UpdateIterations = final;
        }
        if (request.RoundIterations is { } intermediate)
        {
            options.Mst.SelectionIterations = intermediate;
            options.Aim.RoundIterations = intermediate;
        }
        if (request.Rounds is { } rounds) options.Aim.Rounds = rounds;
        if (request.MaxModelMb is { } maxModelMb) options.Aim.MaxModelSizeMb = maxModelMb;
        return (synthesizer!, budget!, options);
    }

    /// <summary>The GPU the fit asked for (null for the CPU); asked for and absent is a usage error, before any data is read.</summary>
    private static GpuAccelerator? Accelerator(FitRequest request)
    {
        ComputeDevices.TryParse(request.Device, out var device);
        try
        {
            var accelerator = GpuAccelerator.For(device);
            if (accelerator is not null) Console.Error.WriteLine($"device: {accelerator.Name} (CUDA)");
            return accelerator;
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"--device: {e.Message}; use --device cpu or auto");
        }
    }

    /// <summary>
    /// AIM first measures every column's 1-way marginal at one planned round's share of the budget,
    /// so fewer rounds than columns would overspend before its first round (the synthesizer would
    /// stop there); say so up front, in terms of the option.
    /// </summary>
    private static void CheckRounds(FitRequest request, ISynthesizer synthesizer, PrivacyBudget budget, DomainSpec domain)
    {
        var columns = domain.Columns.Count(c => c.IsSynthesized);
        if (synthesizer.Name == "aim" && !budget.IsInfinite && request.Rounds is { } rounds && rounds < columns)
        {
            throw new UsageException($"--rounds: aim spends one round's share on each column's 1-way marginal first, so it needs at least as many rounds as modelled columns ({columns}), got {rounds}; the default is 16 per column");
        }
    }

    private static string Summary(FitRequest request, TableModel model, RawTable table, long modelBytes, TimeSpan fitTime)
    {
        var budget = model.Model.Budget;
        var privacy = budget.IsInfinite
            ? "no privacy (epsilon = inf)"
            : string.Create(CultureInfo.InvariantCulture,
                $"epsilon {budget.Epsilon:G4}, delta {budget.Delta:0.##E+0}, rho spent {model.Model.Spends.Sum(s => s.Rho):G6} of {budget.Rho:G6}");
        return string.Create(CultureInfo.InvariantCulture,
            $"fitted {model.Model.Method} on {table.Rows:N0} rows x {model.Codec.Domain.Count} columns in {fitTime.TotalSeconds:N1} s; {privacy}; model {FormatSize(modelBytes)} -> {request.Output}");
    }

    private static string FormatSize(long bytes) => bytes switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B"),
        < 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:N1} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:N1} MB"),
    };
}
