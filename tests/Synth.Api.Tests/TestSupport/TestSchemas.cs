namespace Synth.Api.Tests.TestSupport;

/// <summary>Schemas the tests submit.</summary>
public static class TestSchemas
{
    /// <summary>The seed example, as the design gives it.</summary>
    public const string Seed = """
        { "id": {"type": "int", "min": 1000, "max": 9999},
          "name": {"type": "name"}, "email": {"type": "email"},
          "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
          "created_at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2023-12-31"},
          "status": {"type": "category", "categories": ["active","inactive","pending"],
                     "probabilities": [0.7, 0.2, 0.1]} }
        """;

    public const string Yaml = """
        fields:
          id: {type: int, min: 1, max: 1000000, unique: true}
          score: {type: float, distribution: normal, mean: 10, std: 2}
          tier: {type: category, categories: [gold, silver], probabilities: [0.3, 0.7]}
        """;

    /// <summary>Two problems at once: a std that is not a number and an unknown type.</summary>
    public const string TwoProblems = """
        { "income": {"type": "float", "mean": 5, "std": "wide"},
          "kind": {"type": "colour"} }
        """;
}
