using Bogus;
using Bogus.Distributions.Gaussian;

namespace Synth.Bench.Bogus;

/// <summary>
/// The seed example as a <see cref="Faker{T}"/> with one rule per property: the way the Bogus
/// documentation and most .NET code bases write it, so the benchmark measures typical use, not a
/// hand-tuned generator.
/// </summary>
public static class SeedRowFaker
{
    private static readonly string[] Statuses = ["active", "inactive", "pending"];
    private static readonly float[] StatusWeights = [0.7f, 0.2f, 0.1f];
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2023, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    public static Faker<SeedRow> Create(int seed) =>
        new Faker<SeedRow>()
            .UseSeed(seed)
            .RuleFor(r => r.Id, f => f.Random.Int(1000, 9999))
            .RuleFor(r => r.FirstName, f => f.Name.FirstName())
            .RuleFor(r => r.LastName, f => f.Name.LastName())
            .RuleFor(r => r.Name, (_, r) => $"{r.FirstName} {r.LastName}")
            .RuleFor(r => r.Email, (f, r) => f.Internet.Email(r.FirstName, r.LastName))
            .RuleFor(r => r.Income, f => Math.Max(0, f.Random.GaussianDouble(50_000, 20_000)))
            .RuleFor(r => r.CreatedAt, f => f.Date.Between(Start, End))
            .RuleFor(r => r.Status, f => f.Random.WeightedRandom(Statuses, StatusWeights));
}
