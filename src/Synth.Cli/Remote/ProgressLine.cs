using System.Globalization;
using Synth.Grains.Jobs;

namespace Synth.Cli.Remote;

/// <summary>A job's progress as one line redrawn in place: bar, rows, rate, ETA, shards.</summary>
internal sealed class ProgressLine(TextWriter output)
{
    private const int Width = 30;
    private int _drawn;

    public static string Describe(JobProgress p)
    {
        var eta = p.EtaSeconds is { } s ? $", ETA {TimeSpan.FromSeconds(Math.Ceiling(s)):g}" : "";
        var shards = p.ShardsQueued + p.ShardsRunning + p.ShardsDone;
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.RowsDone:N0}/{p.RowsTotal:N0} rows, {p.RowsPerSecond:N0} rows/s{eta}, shards {p.ShardsDone}/{shards} done, {p.ShardsRunning} running");
    }

    public void Draw(JobProgressEvent update)
    {
        var p = update.Progress;
        var fraction = p.RowsTotal == 0 ? (update.Status == JobStatus.Succeeded ? 1 : 0) : (double)p.RowsDone / p.RowsTotal;
        var filled = (int)Math.Round(fraction * Width);
        var line = $"[{new string('#', filled)}{new string('-', Width - filled)}] {fraction,4:P0} {update.Status.ToString().ToLowerInvariant()}: {Describe(p)}";
        output.Write("\r" + line.PadRight(_drawn));
        _drawn = line.Length;
    }

    public void Finish(JobProgressEvent update)
    {
        output.WriteLine();
        if (update.Error is not null) output.WriteLine($"error: {update.Error}");
    }
}
