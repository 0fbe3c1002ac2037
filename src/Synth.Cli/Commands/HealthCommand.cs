using System.CommandLine;
using System.Globalization;
using Synth.Api.Hosting;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth health [URL]</c>: asks a health endpoint once and exits 0 when it answers 2xx, 1 otherwise.
/// The containers' HEALTHCHECK (the runtime images have no curl): Dockerfile.api asks the API's
/// <c>/healthz</c>, Dockerfile.silo the silo's <c>/readyz</c> on its metrics port.
/// </summary>
public static class HealthCommand
{
    public static Command Create()
    {
        var url = new Argument<string?>("url")
        {
            Description = "The endpoint to ask (default http://127.0.0.1:$SYNTH_API_PORT/healthz, port 8000 when unset)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer (default 5)", DefaultValueFactory = _ => 5 };
        var command = new Command("health", "Ask a Synth health endpoint once: exit 0 when it answers 2xx, 1 when not (for container health checks)") { url, timeout };
        command.SetAction((r, ct) => RunAsync(r.GetValue(url), r.GetValue(timeout), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? text, double seconds, CancellationToken cancellationToken)
    {
        var port = Environment.GetEnvironmentVariable(ListenAddress.PortVariable) is { Length: > 0 } p ? p : ListenAddress.DefaultPort.ToString(CultureInfo.InvariantCulture);
        text ??= $"http://127.0.0.1:{port}/healthz";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) throw new UsageException($"url: '{text}' is not an http(s) URL");
        if (!(seconds > 0) || double.IsInfinity(seconds)) throw new UsageException($"--timeout: {seconds.ToString(CultureInfo.InvariantCulture)} is not a positive number of seconds");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(seconds) };
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Console.Out.WriteLine($"healthy: {uri} answered {(int)response.StatusCode}");
                return ExitCodes.Ok;
            }
            Console.Error.WriteLine($"error: {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"error: {uri} did not answer: {(e is TaskCanceledException ? $"no answer within {seconds.ToString(CultureInfo.InvariantCulture)} s" : e.Message)}");
        }
        return ExitCodes.Failed;
    }
}
