using System.Text.Json;

namespace Synth.Cli.Tests.Deployment;

/// <summary>The parts of a Dockerfile's final stage the deployment tests compare with the manifests: ENV, EXPOSE, HEALTHCHECK's command, ENTRYPOINT.</summary>
internal sealed record Dockerfile(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<int> Exposed, IReadOnlyList<string> HealthCheck, IReadOnlyList<string> EntryPoint)
{
    /// <summary>Dockerfile.<paramref name="suffix"/> at the repository's root (the last stage only: what runs).</summary>
    public static Dockerfile Read(string suffix)
    {
        var text = File.ReadAllText(Path.Combine(K8sManifests.Root, "Dockerfile." + suffix)).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        lines = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var exposed = new List<int>();
        IReadOnlyList<string> health = [], entry = [];
        foreach (var line in lines)
        {
            var (instruction, rest) = (line[..line.IndexOf(' ', StringComparison.Ordinal)], line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim());
            switch (instruction)
            {
                case "ENV":
                    foreach (var pair in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)) environment[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    break;
                case "EXPOSE":
                    exposed.AddRange(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
                    break;
                case "HEALTHCHECK":
                    health = JsonSerializer.Deserialize<string[]>(rest[(rest.IndexOf("CMD", StringComparison.Ordinal) + 3)..].Trim())!;
                    break;
                case "ENTRYPOINT":
                    entry = JsonSerializer.Deserialize<string[]>(rest)!;
                    break;
            }
        }
        return new Dockerfile(environment, exposed, health, entry);
    }
}
