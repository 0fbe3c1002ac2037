using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Synth.Cli.Hosting;

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

    public static Option<string?> Auth(string defaultMode) => new("--auth")
    {
        Description = $"How callers are identified: none (one anonymous admin; loopback only), keys (API keys from `synth keys create`), "
            + $"jwt (bearer tokens, Synth__Auth__Jwt__*) or headers (a trusted proxy's, Synth__Auth__Headers__*) (env Synth__Auth__Mode; default {defaultMode})",
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
            return await RunHostAsync(app, () =>
            {
                Console.Out.WriteLine($"Synth is listening on {SynthServer.ListeningUrl(app)}");
                Console.Out.Flush();
            }, cancellationToken);
        }
    }

    /// <summary>
    /// Starts a host, calls <paramref name="started"/>, and waits for Ctrl-C or SIGTERM. A signal
    /// that arrives while the host is still starting is a clean stop too (exit 0), not a failure:
    /// whatever had started (the silo's membership row, the shard worker) stops in order.
    /// </summary>
    public static async Task<int> RunHostAsync(IHost host, Action started, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException e)
        {
            throw new UsageException(e.Failures.ToList());
        }
        catch (Exception)
        {
            // A part failed to start (e.g. the port is taken) or the start was interrupted: what
            // did start stops in order, and within bounds, before the host is disposed.
            // The signal reaches the host's own console lifetime too, which may cancel first.
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var interrupted = cancellationToken.IsCancellationRequested || stopping.IsCancellationRequested;
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await host.StopAsync(bound.Token);
            }
            catch (Exception) when (interrupted)
            {
                // Orleans refuses to stop a silo still starting; the process ends anyway.
            }
            // A stop asked for during the start is a clean stop, whatever the start threw on being
            // interrupted (Orleans: OrleansLifecycleCanceledException when its lifecycle is cancelled).
            if (interrupted) return ExitCodes.Ok;
            throw;
        }
        started();
        await host.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
