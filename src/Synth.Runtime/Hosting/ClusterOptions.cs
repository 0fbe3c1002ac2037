namespace Synth.Runtime.Hosting;

/// <summary>Where the cluster keeps its state, bound from "Synth" (Synth__Postgres, Synth__Sqlite).</summary>
public sealed class ClusterOptions
{
    /// <summary>PostgreSQL connection string (key=value or postgresql:// URI): the cluster provider.</summary>
    public string? Postgres { get; set; }

    /// <summary>SQLite database file for the embedded provider. Default ./synth-data/cluster.db when Postgres is not set.</summary>
    public string Sqlite { get; set; } = Path.Combine("synth-data", "cluster.db");
}
