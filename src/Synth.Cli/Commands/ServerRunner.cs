using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Synth.Api;

namespace Synth.Cli.Commands;

/// <summary>What <c>synth serve</c> and <c>synth api</c> share: the listening options and the run loop.</summary>
internal static class ServerRunner
{
    public static Option<string?> Host() => new("--host")
    {
        Description = "Address to listen on: an IP address, localhost or * (env SYNTH_API_HOST; default 127.0.0.1)",
    };

    public static Option<int?> Port() => new("--port")
    {
        Description = "Port to listen on; 0 picks a free one (env SYNTH_API_PORT; default 8000)",
    };

    /// <summary>
    /// Builds and starts the server, prints <c>Synth is listening on URL</c> (the real port when 0
    /// was asked for) once requests are served, and runs until Ctrl-C or SIGTERM, then stops
    /// gracefully: requests drain, the silo hands its grains back.
    /// </summary>
    public static async Task<int> RunAsync(Func<WebApplication> build, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = build();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (OptionsValidationException e)
            {
                throw new UsageException(e.Failures.ToList());
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A part failed to start (e.g. the port is taken): what did start (the silo, the
                // shard worker) stops in order, and within bounds, before the app is disposed.
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await app.StopAsync(bound.Token);
                throw;
            }
            Console.Out.WriteLine($"Synth is listening on {SynthServer.ListeningUrl(app)}");
            Console.Out.Flush();
            await app.WaitForShutdownAsync(cancellationToken);
        }
        return ExitCodes.Ok;
    }
}
