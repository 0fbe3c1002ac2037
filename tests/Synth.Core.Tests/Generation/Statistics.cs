namespace Synth.Core.Tests.Generation;

internal static class Statistics
{
    public static double Mean(IReadOnlyList<double> xs) => xs.Average();

    public static double Std(IReadOnlyList<double> xs)
    {
        var m = Mean(xs);
        return Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1));
    }

    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = Mean(a), mb = Mean(b), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    public static double Share<T>(IReadOnlyList<T> xs, Func<T, bool> predicate) => xs.Count(predicate) / (double)xs.Count;
}
