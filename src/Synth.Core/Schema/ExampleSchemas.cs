namespace Synth.Core.Schema;

/// <summary>The schemas <c>synth schema create-example</c> writes: the seed's tabular example and a time series.</summary>
public static class ExampleSchemas
{
    public const string Tabular = """
        {
          "id": {"type": "int", "min": 1000, "max": 9999},
          "name": {"type": "name"},
          "email": {"type": "email"},
          "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
          "created_at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2023-12-31"},
          "status": {"type": "category", "categories": ["active", "inactive", "pending"], "probabilities": [0.7, 0.2, 0.1]}
        }

        """;

    public const string TimeSeries = """
        {
          "timestamp": {"type": "datetime", "start_date": "2024-01-01"},
          "sensor_id": {"type": "category", "categories": ["s-01", "s-02", "s-03"]},
          "temperature": {"type": "float", "mean": 20, "std": 1.5, "decimals": 2},
          "load": {"type": "float", "distribution": "lognormal", "mean": 3, "std": 0.25, "decimals": 1},
          "requests": {"type": "int", "distribution": "poisson", "lambda": 40},
          "time_field": "timestamp",
          "time_interval_seconds": 3600,
          "trends": {"load": {"type": "linear", "strength": 0.05}},
          "seasonality": {"temperature": [{"period": 24, "amplitude": 4}, {"period": 168, "amplitude": 1.5}],
                          "requests": {"period": 24, "amplitude": 15}},
          "noise": {"temperature": 0.3}
        }

        """;

    public static string For(string kind) => kind switch
    {
        "tabular" => Tabular,
        "timeseries" => TimeSeries,
        _ => throw new ArgumentException($"unknown example '{kind}'; one of tabular, timeseries", nameof(kind)),
    };
}
