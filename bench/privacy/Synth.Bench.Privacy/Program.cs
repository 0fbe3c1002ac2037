using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Synth.Bench.Privacy;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Evaluation;
using Synth.Core.Privacy.Synthesizers;

// One fit per process, so the peak memory the harness measures belongs to that fit:
//   Synth.Bench.Privacy --method mst|aim|independent|nonprivate --epsilon E --delta D --seed S
//                       --data adult.csv --domain adult-domain.json [--rows N] [--threads T]
//                       [--synthetic out.csv] [--quick]
// Progress goes to stderr; the last stdout line is the result as JSON.
var arguments = Args.Parse(args);
var domain = IntegerCsv.ReadDomain(arguments.Domain);
var data = IntegerCsv.Read(arguments.Data, domain);
var budget = double.IsPositiveInfinity(arguments.Epsilon) ? PrivacyBudget.Infinite : PrivacyBudget.FromEpsilon(arguments.Epsilon, arguments.Delta);
var options = new SynthesizerOptions { Seed = arguments.Seed, MaxDegreeOfParallelism = arguments.Threads };
if (arguments.RoundTolerance is { } tolerance) options.Aim.RoundTolerance = tolerance;
if (arguments.MstTolerance is { } mstTolerance) options.Mst.RelativeTolerance = mstTolerance;
if (Environment.GetEnvironmentVariable("AIM_FINAL") is { } af) options.Aim.FinalIterations = int.Parse(af, CultureInfo.InvariantCulture);
if (Environment.GetEnvironmentVariable("AIM_ROUND") is { } ar) options.Aim.RoundIterations = int.Parse(ar, CultureInfo.InvariantCulture);
if (Environment.GetEnvironmentVariable("MST_FINAL") is { } mf) options.Mst.FinalIterations = int.Parse(mf, CultureInfo.InvariantCulture);
var synthesizer = SynthesizerRegistry.Default.Get(arguments.Method);
var lastStage = "";
var progress = new InlineProgress(p =>
{
    if (p.Stage == "round" || p.Stage != lastStage) Console.Error.WriteLine($"  [{p.Fraction,4:P0}] {p.Message}");
    lastStage = p.Stage;
});

var fitClock = Stopwatch.StartNew();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var model = synthesizer.Fit(data, budget, options, progress);
fitClock.Stop();
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

var sampleClock = Stopwatch.StartNew();
var synthetic = model.Sample(arguments.Rows ?? data.Rows, arguments.Seed + 1_000_003);
sampleClock.Stop();
if (arguments.Synthetic is { } path) IntegerCsv.Write(path, synthetic);
var tv = MarginalDistance.Summarize(data, synthetic, arguments.Threads);
var bytes = model.Serialize();
var modelTv = ModelDistance(data, (GraphicalSynthesisModel)model);
var graphical = (GraphicalSynthesisModel)model;

var result = new Dictionary<string, object?>
{
    ["method"] = arguments.Method,
    ["epsilon"] = double.IsPositiveInfinity(arguments.Epsilon) ? null : arguments.Epsilon,
    ["delta"] = arguments.Delta,
    ["rho"] = double.IsPositiveInfinity(budget.Rho) ? null : budget.Rho,
    ["rho_spent"] = double.IsPositiveInfinity(budget.Rho) ? null : model.Spends.Sum(s => s.Rho),
    ["seed"] = arguments.Seed,
    ["threads"] = arguments.Threads <= 0 ? Environment.ProcessorCount : arguments.Threads,
    ["fit_seconds"] = fitClock.Elapsed.TotalSeconds,
    ["fit_cpu_seconds"] = cpuSeconds,
    ["sample_seconds"] = sampleClock.Elapsed.TotalSeconds,
    ["rows"] = synthetic.Rows,
    ["measurements"] = model.Spends.Count(s => s.Purpose.Contains("marginal", StringComparison.Ordinal)),
    ["cliques"] = graphical.Model.Tree.Cliques.Count,
    ["model_cells"] = graphical.Model.Tree.Cells,
    ["model_bytes"] = bytes.Length,
    ["peak_working_set_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
    ["tv_1way_mean"] = tv.MeanOneWay,
    ["tv_1way_max"] = tv.MaxOneWay,
    ["tv_2way_mean"] = tv.MeanTwoWay,
    ["tv_2way_max"] = tv.MaxTwoWay,
    ["model_tv_1way_mean"] = modelTv.One,
    ["model_tv_2way_mean"] = modelTv.Two,
};
Console.WriteLine(JsonSerializer.Serialize(result));

// TV of the model's own marginals (before sampling), to separate estimation error from sampling
// error. Only for uncompressed models, where the model's domain is the data's.
static (double? One, double? Two) ModelDistance(Synth.Core.Privacy.EncodedTable data, GraphicalSynthesisModel model)
{
    if (!model.Compression.IsIdentity) return (null, null);
    var d = data.Domain.Count;
    var one = new List<double>();
    var two = new List<double>();
    for (var a = 0; a < d; a++)
    {
        var set = new Synth.Core.Privacy.Marginals.AttributeSet(a);
        one.Add(MarginalDistance.TotalVariation(Synth.Core.Privacy.Marginals.MarginalCounter.Count(data, set), model.Model.Project(set).Values));
        for (var b = a + 1; b < d; b++)
        {
            var pair = new Synth.Core.Privacy.Marginals.AttributeSet(a, b);
            two.Add(MarginalDistance.TotalVariation(Synth.Core.Privacy.Marginals.MarginalCounter.Count(data, pair), model.Model.Project(pair).Values));
        }
    }
    return (one.Average(), two.Average());
}

internal sealed class InlineProgress(Action<FitProgress> report) : IProgress<FitProgress>
{
    public void Report(FitProgress value) => report(value);
}

internal sealed record Args(string Method, double Epsilon, double Delta, ulong Seed, string Data, string Domain, int? Rows, int Threads, string? Synthetic, double? RoundTolerance, double? MstTolerance)
{
    public static Args Parse(string[] args)
    {
        string method = "mst", data = "", domain = "";
        double epsilon = 1, delta = 1e-9;
        ulong seed = 1;
        int? rows = null;
        var threads = -1;
        string? synthetic = null;
        double? roundTolerance = null, mstTolerance = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--method": method = Value(); break;
                case "--epsilon": epsilon = Value() is "inf" or "infinity" ? double.PositiveInfinity : double.Parse(args[i], CultureInfo.InvariantCulture); break;
                case "--delta": delta = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--data": data = Value(); break;
                case "--domain": domain = Value(); break;
                case "--rows": rows = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--synthetic": synthetic = Value(); break;
                case "--round-tolerance": roundTolerance = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--mst-tolerance": mstTolerance = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        if (data.Length == 0 || domain.Length == 0) throw new ArgumentException("--data and --domain are required");
        return new Args(method, epsilon, delta, seed, data, domain, rows, threads, synthetic, roundTolerance, mstTolerance);
    }
}
