using System.CommandLine;
using Synth.Api;

namespace Synth.Cli.Commands;

/// <summary><c>synth serve</c>: the all-in-one server (HTTP API, SignalR hub, a silo and the shard worker, on SQLite) until Ctrl-C or SIGTERM.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var host = ServerRunner.Host();
        var port = ServerRunner.Port();
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Directory for the SQLite cluster database and the job files (env Synth__DataDirectory; default ./synth-data)",
        };
        var command = new Command("serve", "Run the API, a silo and the shard worker in one process (embedded, no servers needed)") { host, port, dataDir };
        command.SetAction((r, ct) => ServerRunner.RunAsync(
            () => SynthServer.BuildEmbedded(new SynthServerOptions { Host = r.GetValue(host), Port = r.GetValue(port), DataDirectory = r.GetValue(dataDir) }), ct));
        return command;
    }
}
