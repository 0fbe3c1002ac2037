using System.Globalization;

namespace Synth.Bench.Privacy;

/// <summary>The driver's command line (see Program.cs for the list).</summary>
internal sealed record BenchArgs(
    string Method,
    double Epsilon,
    double Delta,
    ulong Seed,
    string Data,
    string Domain,
    int? Rows,
    int Threads,
    string? Synthetic,
    int? AimRoundIterations,
    int? AimFinalIterations,
    double? AimRoundTolerance,
    double? AimMaxModelMb,
    int? MstFinalIterations,
    string? ModelOut,
    bool Utility,
    string Device = "cpu")
{
    public static BenchArgs Parse(string[] args)
    {
        var a = new BenchArgs("mst", 1, 1e-9, 1, "", "", null, -1, null, null, null, null, null, null, null, false);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            a = name switch
            {
                "--method" => a with { Method = Value() },
                "--epsilon" => a with { Epsilon = Value() is "inf" or "infinity" ? double.PositiveInfinity : double.Parse(args[i], CultureInfo.InvariantCulture) },
                "--delta" => a with { Delta = Number() },
                "--seed" => a with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                "--data" => a with { Data = Value() },
                "--domain" => a with { Domain = Value() },
                "--rows" => a with { Rows = Int() },
                "--threads" => a with { Threads = Int() },
                "--synthetic" => a with { Synthetic = Value() },
                "--aim-round-iterations" => a with { AimRoundIterations = Int() },
                "--aim-final-iterations" => a with { AimFinalIterations = Int() },
                "--aim-round-tolerance" => a with { AimRoundTolerance = Number() },
                "--aim-max-model-mb" => a with { AimMaxModelMb = Number() },
                "--mst-final-iterations" => a with { MstFinalIterations = Int() },
                "--model-out" => a with { ModelOut = Value() },
                "--utility" => a with { Utility = true },
                "--device" => a with { Device = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }
        if (a.Data.Length == 0 || a.Domain.Length == 0) throw new ArgumentException("--data and --domain are required");
        return a;
    }
}
