using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Synth.Grains;
using Synth.Runtime.Hosting;
using Synth.Storage;

namespace Synth.Cli.Commands;

/// <summary><c>synth silo</c>: run one silo of a cluster until stopped (Ctrl-C or SIGTERM hands its grains back).</summary>
public static class SiloCommand
{
    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string of the cluster (env Synth__Postgres); without it the silo runs embedded on SQLite" };
        var tags = new Option<string?>("--tags") { Description = "Comma-separated placement tags this silo offers, e.g. gpu (env Synth__Silo__Tags)" };
        var name = new Option<string?>("--name") { Description = "Silo name shown in the membership table (env Synth__Silo__Name)" };
        var command = new Command("silo", "Run a silo that hosts grains") { postgres, tags, name };
        command.SetAction((r, ct) => RunAsync(r.GetValue(postgres), r.GetValue(tags), r.GetValue(name), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? postgres, string? tags, string? name, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        var overrides = new Dictionary<string, string?>();
        if (postgres is not null) overrides["Synth:Postgres"] = postgres;
        if (tags is not null) overrides["Synth:Silo:Tags:0"] = tags;
        if (name is not null) overrides["Synth:Silo:Name"] = name;
        builder.Configuration.AddInMemoryCollection(overrides);
        // Jobs: this silo hosts job grains and generates shards its tags allow, into the artifact
        // store of Synth:Artifacts (Synth__Artifacts__Kind=local|azure|s3, …), shared by the cluster.
        builder.AddSynthSilo(r => r.AddSynthGrains()).AddSynthArtifacts().AddShardWorker();
        using var host = builder.Build();
        return await ServerRunner.RunHostAsync(host, () => { }, cancellationToken);
    }
}
