using Synth.Runtime.Hosting;
using Synth.Runtime.Storage.Postgres;
using Synth.Runtime.TestHost;

// A silo hosting the test grains: `TestHost --postgres CONN [--tags a,b] [--name N] [--death-timeout-ms N]`.
// Prints "ready <silo id>" once serving; SIGTERM stops it gracefully, SIGKILL/SIGSTOP are the fault tests.
string? connection = null, name = null;
var tags = new List<string>();
var options = new SiloOptions();
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--postgres": connection = args[i + 1]; break;
        case "--tags": tags.AddRange(args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        case "--name": name = args[i + 1]; break;
        case "--death-timeout-ms": options.DeathTimeout = TimeSpan.FromMilliseconds(int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture)); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
if (connection is null)
{
    Console.Error.WriteLine("--postgres is required");
    return 2;
}
options.Tags = tags;
if (name is not null) options.Name = name;

await using var store = new PostgresClusterStore(connection);
var silo = new Silo(store, TestGrains.Registry(), options);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
await silo.StartAsync(stop.Token);
Console.WriteLine($"ready {silo.SiloId}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
await silo.StopAsync(CancellationToken.None);
return 0;
