using System.CommandLine;

namespace Synth.Cli.Remote;

/// <summary>What the commands that drive a server share: <c>--server</c> (SYNTH_SERVER) and the API key (SYNTH_API_KEY).</summary>
internal static class RemoteServer
{
    public const string ApiKeyVariable = "SYNTH_API_KEY";

    public static readonly Option<string?> Option = new("--server")
    {
        Description = $"Server URL (env SYNTH_SERVER; default http://127.0.0.1:8000). A server with --auth keys needs an API key in env {ApiKeyVariable}",
        Recursive = true,
    };

    public static async Task<int> WithClient(ParseResult result, Func<SynthServerClient, Task<int>> action)
    {
        var url = result.GetValue(Option) ?? Environment.GetEnvironmentVariable("SYNTH_SERVER") ?? "http://127.0.0.1:8000";
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server: '{url}' is not an http(s) URL");
        }
        using var client = new SynthServerClient(server, Environment.GetEnvironmentVariable(ApiKeyVariable));
        return await action(client);
    }
}
