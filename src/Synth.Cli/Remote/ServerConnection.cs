using System.CommandLine;
using Synth.Core.Schema;

namespace Synth.Cli.Remote;

/// <summary>What the commands that drive a server share: the <c>--server</c> option and a client of it, with the API key of SYNTH_API_KEY.</summary>
internal static class ServerConnection
{
    public const string ApiKeyVariable = "SYNTH_API_KEY";

    /// <summary>A new <c>--server</c> option (one per command tree: System.CommandLine options have one parent).</summary>
    public static Option<string?> CreateOption() => new("--server")
    {
        Description = $"Server URL (env SYNTH_SERVER; default http://127.0.0.1:8000). A server with --auth keys needs an API key in env {ApiKeyVariable}",
        Recursive = true,
    };

    public static async Task<int> WithClientAsync(ParseResult result, Option<string?> serverOption, Func<SynthServerClient, Task<int>> action)
    {
        var url = result.GetValue(serverOption) ?? Environment.GetEnvironmentVariable("SYNTH_SERVER") ?? "http://127.0.0.1:8000";
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server: '{url}' is not an http(s) URL");
        }
        using var client = new SynthServerClient(server, Environment.GetEnvironmentVariable(ApiKeyVariable));
        return await action(client);
    }

    /// <summary>A text file the user named (a schema, a drift plan), bounded in size.</summary>
    public static string ReadText(string path, string option)
    {
        if (!File.Exists(path)) throw new UsageException($"{option}: file not found: {path}");
        try
        {
            return BoundedFile.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot read '{path}': {e.Message}");
        }
    }
}
