using Microsoft.AspNetCore.Builder;

namespace Synth.Cli.Hosting;

/// <summary>How <see cref="SynthServer"/> builds a server. Unset values come from the configuration and environment.</summary>
public sealed class SynthServerOptions
{
    /// <summary>Command-line arguments for the host's configuration (e.g. --Synth:Api:MaxParts=10).</summary>
    public string[] Args { get; init; } = [];

    /// <summary>Address to listen on: an IP address, localhost or *. Default SYNTH_API_HOST, else 127.0.0.1.</summary>
    public string? Host { get; init; }

    /// <summary>Port; 0 picks a free one (see <see cref="SynthServer.ListeningUrl"/>). Default SYNTH_API_PORT, else 8000.</summary>
    public int? Port { get; init; }

    /// <summary>
    /// How callers are identified: none, keys, jwt or headers. Default Synth:Auth:Mode, else none for
    /// the embedded server and keys for the API alone. None is refused unless every listen address is loopback.
    /// </summary>
    public string? Auth { get; init; }

    /// <summary>
    /// Embedded mode: the directory of the silo's state (grain state and reminders in SQLite) and the
    /// local artifact store (artifacts/). Default Synth:DataDirectory, else ./synth-data. When set here it
    /// wins over Synth:Artifacts:Local:RootDirectory; otherwise that wins when configured.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Embedded mode: the state survives power loss too (SQLite synchronous=FULL), at some cost per write. Default false: it survives a crash of the process.</summary>
    public bool Durable { get; init; }

    /// <summary>Runs on the builder before any service is added (tests use it for extra configuration).</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }
}
