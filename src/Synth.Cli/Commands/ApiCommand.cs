using System.CommandLine;
using Synth.Cli.Hosting;

namespace Synth.Cli.Commands;

/// <summary><c>synth api</c>: the API alone, in front of a PostgreSQL cluster of <c>synth silo</c> processes.</summary>
public static class ApiCommand
{
    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string of the cluster (env Synth__Postgres); the silos run `synth silo --postgres` with the same one",
        };
        var host = ServerRunner.Host();
        var port = ServerRunner.Port();
        var auth = ServerRunner.Auth("keys");
        var command = new Command("api", "Run the API (and the web dashboard at /) in front of a cluster of silos (jobs run on the silos; files come from the shared artifact store, Synth__Artifacts__*)")
        {
            postgres, host, port, auth,
        };
        command.SetAction((r, ct) =>
        {
            var connection = r.GetValue(postgres) ?? Environment.GetEnvironmentVariable("Synth__Postgres");
            if (string.IsNullOrWhiteSpace(connection)) throw new UsageException("--postgres: required (or set Synth__Postgres): the cluster's PostgreSQL connection string");
            return ServerRunner.RunAsync(() => SynthServer.BuildApiOnly(connection, new SynthServerOptions { Host = r.GetValue(host), Port = r.GetValue(port), Auth = r.GetValue(auth) }), ct);
        });
        return command;
    }
}
