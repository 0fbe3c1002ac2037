using System.Diagnostics;
using System.Text.Json;
using Synth.Bench.Privacy;
using Synth.Core.Privacy;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Evaluation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Synthesizers;
using Synth.Gpu.Estimation;

// One fit per process, so the peak memory the harness measures belongs to that fit:
//   Synth.Bench.Privacy --method mst|aim|independent|nonprivate --epsilon E|inf --delta D --seed S
//                       --data adult.csv --domain adult-domain.json [--rows N] [--threads T]
//                       [--device cpu|gpu|auto] [--synthetic out.csv] [--aim-round-iterations N] [--aim-final-iterations N]
//                       [--aim-round-tolerance X] [--aim-max-model-mb M] [--mst-final-iterations N] [--model-out model.bin] [--utility]
// --utility fits once more, on a seeded 80% of the rows, and scores a classifier trained on its
// sample against one trained on those real rows, both predicting the last column of the other 20%
// (the fit above uses every row, as the reference does, so its holdout would not be unseen).
// Progress goes to stderr; the last stdout line is the result as JSON.
//   Synth.Bench.Privacy --gpu-check [--simulate]   the GPU kernels against the CPU code (CUDA; --simulate: ILGPU's CPU accelerator)
if (args is ["--gpu-check", ..])
{
    // The GPU kernels against the CPU code on AIM-sized tables, with timings (bench/gpu/check.sh).
    return GpuCheck.Run(args.Length > 1 && args[1] == "--simulate");
}
var arguments = BenchArgs.Parse(args);
var domain = IntegerCsv.ReadDomain(arguments.Domain);
var data = IntegerCsv.Read(arguments.Data, domain);
var budget = double.IsPositiveInfinity(arguments.Epsilon) ? PrivacyBudget.Infinite : PrivacyBudget.FromEpsilon(arguments.Epsilon, arguments.Delta);
var options = new SynthesizerOptions { Seed = arguments.Seed, MaxDegreeOfParallelism = arguments.Threads };
if (arguments.AimRoundIterations is { } roundIterations) options.Aim.RoundIterations = roundIterations;
if (arguments.AimFinalIterations is { } finalIterations) options.Aim.FinalIterations = finalIterations;
if (arguments.AimRoundTolerance is { } tolerance) options.Aim.RoundTolerance = tolerance;
if (arguments.AimMaxModelMb is { } maxModelMb) options.Aim.MaxModelSizeMb = maxModelMb;
if (arguments.MstFinalIterations is { } mstIterations) options.Mst.FinalIterations = mstIterations;
if (!ComputeDevices.TryParse(arguments.Device, out var device)) throw new ArgumentException($"--device: '{arguments.Device}' is not {ComputeDevices.Names}");
using var accelerator = GpuAccelerator.For(device);
options.Kernels = accelerator?.Kernels;
if (accelerator is not null) Console.Error.WriteLine($"  device: {accelerator.Name}");
var synthesizer = SynthesizerRegistry.Default.Get(arguments.Method);
var elapsed = Stopwatch.StartNew();
var progress = new InlineProgress(p =>
{
    // Stages and rounds, not every few iterations of a descent.
    if (!p.Message.Contains("iteration", StringComparison.Ordinal))
    {
        // Memory beside each stage: where a fit's peak comes from (managed heap vs. the process).
        Console.Error.WriteLine($"  [{p.Fraction,4:P0} {elapsed.Elapsed.TotalSeconds,6:F1} s] {p.Message} | heap {GC.GetTotalMemory(false) >> 20} MB, working set {Environment.WorkingSet >> 20} MB");
    }
});

var fitClock = Stopwatch.StartNew();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var model = synthesizer.Fit(data, budget, options, progress);
var graphical = model as GraphicalSynthesisModel;
fitClock.Stop();
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
// The process's peak so far: the fit's own (reading the data included), before sampling and scoring add theirs.
var fitPeakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

var sampleClock = Stopwatch.StartNew();
var synthetic = model.Sample(arguments.Rows ?? data.Rows, arguments.Seed + 1_000_003);
sampleClock.Stop();
if (arguments.Synthetic is { } path) IntegerCsv.Write(path, synthetic);
var tv = MarginalDistance.Summarize(data, synthetic, arguments.Threads);
var modelTv = graphical is null ? (null, null) : ModelDistance(data, graphical, arguments.Threads);
var bytes = model.Serialize();
if (arguments.ModelOut is { } modelPath) File.WriteAllBytes(modelPath, bytes);

var utility = arguments.Utility ? MeasureUtility(data, synthesizer, arguments, options) : null;

var result = new Dictionary<string, object?>
{
    ["method"] = arguments.Method,
    ["epsilon"] = double.IsPositiveInfinity(arguments.Epsilon) ? null : arguments.Epsilon,
    ["delta"] = arguments.Delta,
    ["rho"] = budget.IsInfinite ? null : budget.Rho,
    ["rho_spent"] = budget.IsInfinite ? null : model.Spends.Sum(s => s.Rho),
    ["seed"] = arguments.Seed,
    ["threads"] = arguments.Threads <= 0 ? Environment.ProcessorCount : arguments.Threads,
    ["fit_seconds"] = fitClock.Elapsed.TotalSeconds,
    ["fit_cpu_seconds"] = cpuSeconds,
    ["sample_seconds"] = sampleClock.Elapsed.TotalSeconds,
    ["rows"] = synthetic.Rows,
    ["measurements"] = model.Spends.Count(s => s.Purpose.Contains("marginal", StringComparison.Ordinal)),
    ["cliques"] = graphical?.Model.Tree.Cliques.Count,
    ["model_cells"] = graphical?.Model.Tree.Cells ?? (model as PrivSynModel)?.Tables.Sum(t => (long)t.Length),
    ["clique_cells"] = graphical?.Model.Tree.Cliques.Select(c => c.Cells(graphical.Model.Tree.Sizes)).OrderDescending().ToArray(),
    ["model_bytes"] = bytes.Length,
    ["peak_working_set_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
    ["fit_peak_working_set_mb"] = fitPeakMb,
    ["tv_1way_mean"] = tv.MeanOneWay,
    ["tv_1way_max"] = tv.MaxOneWay,
    ["tv_2way_mean"] = tv.MeanTwoWay,
    ["tv_2way_max"] = tv.MaxTwoWay,
    ["model_tv_1way_mean"] = modelTv.One,
    ["model_tv_2way_mean"] = modelTv.Two,
    ["utility_target"] = utility?.Target,
    ["utility_real_accuracy"] = utility?.Real.Accuracy,
    ["utility_synthetic_accuracy"] = utility?.Synthetic.Accuracy,
    ["utility_real_macro_f1"] = utility?.Real.MacroF1,
    ["utility_synthetic_macro_f1"] = utility?.Synthetic.MacroF1,
    ["utility_accuracy_ratio"] = utility?.AccuracyRatio,
    ["utility_majority_accuracy"] = utility?.MajorityAccuracy,
};
result["device"] = accelerator?.Name ?? "cpu";
Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

// TV of the model's own marginals (before sampling), to tell estimation error from sampling error.
// Only for uncompressed models, whose domain is the data's.
static (double? One, double? Two) ModelDistance(EncodedTable data, GraphicalSynthesisModel model, int threads)
{
    if (!model.Compression.IsIdentity) return (null, null);
    var d = data.Domain.Count;
    var singles = Enumerable.Range(0, d).Select(a => new AttributeSet(a)).ToList();
    var pairs = Enumerable.Range(0, d).SelectMany(a => Enumerable.Range(a + 1, d - a - 1).Select(b => new AttributeSet(a, b))).ToList();
    // A few marginals at a time: one query caches the clique sums every marginal of it needs, which
    // for all 91 pairs of a large AIM model at once would add more than 100 MB to the peak. Each
    // batch's cache is garbage after it, clique-sized tables on the large-object heap that the GC
    // let pile up to ~200 MB above the fit's peak (Adult, AIM ε = 3, seed 2: process peak 428 MB for
    // a fit peak of 381): once they pass 32 MB they are collected, as AIM's scoring does, so this
    // diagnostic (no product path runs it) does not set the process's peak.
    double Mean(List<AttributeSet> sets)
    {
        var distances = new List<double>(sets.Count);
        var baseline = GC.GetTotalMemory(forceFullCollection: false);
        foreach (var batch in sets.Chunk(Math.Max(1, threads) * 2))
        {
            var estimates = model.Model.ProjectMany(batch, threads);
            distances.AddRange(batch.Select((s, i) => MarginalDistance.TotalVariation(MarginalCounter.Count(data, s), estimates[i].Values)));
            if (GC.GetTotalMemory(forceFullCollection: false) - baseline > 32L << 20)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                baseline = GC.GetTotalMemory(forceFullCollection: false);
            }
        }
        return distances.Average();
    }
    return (Mean(singles), Mean(pairs));
}

// The same method, budget and options on a seeded 80% of the rows; the evaluator's classifier
// trained on its sample and on those rows, tested on the other 20%.
static UtilityReport MeasureUtility(EncodedTable data, ISynthesizer synthesizer, BenchArgs arguments, SynthesizerOptions options)
{
    var order = Enumerable.Range(0, data.Rows).ToArray();
    new Random((int)arguments.Seed).Shuffle(order);
    var cut = data.Rows * 4 / 5;
    EncodedTable Rows(ArraySegment<int> rows) => new(data.Domain, [.. data.Columns.Select(c => rows.Select(r => c[r]).ToArray())]);
    var (train, holdout) = (Rows(new ArraySegment<int>(order, 0, cut)), Rows(new ArraySegment<int>(order, cut, data.Rows - cut)));
    var budget = double.IsPositiveInfinity(arguments.Epsilon) ? PrivacyBudget.Infinite : PrivacyBudget.FromEpsilon(arguments.Epsilon, arguments.Delta);
    var model = synthesizer.Fit(train, budget, options, null);
    var synthetic = model.Sample(train.Rows, arguments.Seed + 2_000_003);
    return SynthesisEvaluator.Evaluate(train, holdout, synthetic, new EvaluationOptions { Seed = arguments.Seed, MaxDegreeOfParallelism = arguments.Threads }).Utility!;
}

internal sealed class InlineProgress(Action<FitProgress> report) : IProgress<FitProgress>
{
    public void Report(FitProgress value) => report(value);
}
