using System.CommandLine;
using Synth.Cli.Hosting;

namespace Synth.Cli.Commands;

/// <summary><c>synth serve</c>: the all-in-one server (HTTP API, SignalR hub, one Orleans silo and the shard worker, state under the data directory) until Ctrl-C or SIGTERM.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var host = ServerRunner.Host();
        var port = ServerRunner.Port();
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Directory for the silo's state (SQLite) and the job files (env Synth__DataDirectory; default ./synth-data)",
        };
        var auth = ServerRunner.Auth("none");
        var durable = new Option<bool>("--durable")
        {
            Description = "Make the state survive power loss too (SQLite synchronous=FULL; slower writes). By default it survives a crash of the process",
        };
        var command = new Command("serve", "Run the API (and the web dashboard at /) and an Orleans silo in one process (embedded, no servers needed)") { host, port, auth, dataDir, durable };
        command.SetAction((r, ct) => ServerRunner.RunAsync(
            () => SynthServer.BuildEmbedded(new SynthServerOptions
            {
                Host = r.GetValue(host), Port = r.GetValue(port), Auth = r.GetValue(auth), DataDirectory = r.GetValue(dataDir), Durable = r.GetValue(durable),
            }), ct));
        return command;
    }
}
