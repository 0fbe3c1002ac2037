using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Synth.Cli.Tests.Deployment;

/// <summary>Every document of every manifest under k8s/, parsed with YamlDotNet into plain maps and lists, with the helpers the tests navigate them by.</summary>
internal static class K8sManifests
{
    public static string Root { get; } = FindRoot();

    public static string Directory => Path.Combine(Root, "k8s");

    /// <summary>(file, document) for every YAML document in k8s/*.yaml.</summary>
    public static IReadOnlyList<(string File, Dictionary<object, object> Document)> All { get; } = Load();

    public static IEnumerable<Dictionary<object, object>> OfKind(string kind) =>
        All.Select(d => d.Document).Where(d => Str(d, "kind") == kind);

    /// <summary>Workloads (Deployment, StatefulSet): name, the pod template's labels, its containers.</summary>
    public static IEnumerable<(string Name, Dictionary<object, object> PodLabels, Dictionary<object, object> Container)> Containers() =>
        from kind in new[] { "Deployment", "StatefulSet" }
        from workload in OfKind(kind)
        let template = Map(Map(workload, "spec"), "template")
        from container in List(Map(template, "spec"), "containers").Cast<Dictionary<object, object>>()
        select (Str(Map(workload, "metadata"), "name")!, Map(Map(template, "metadata"), "labels"), container);

    public static Dictionary<object, object> Map(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<object, object> map ? map : [];

    public static List<object> List(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object> list ? list : [];

    public static string? Str(Dictionary<object, object> node, string key) => node.TryGetValue(key, out var value) ? value?.ToString() : null;

    /// <summary>Whether a label selector (matchLabels) selects pods with <paramref name="labels"/>.</summary>
    public static bool Selects(Dictionary<object, object> matchLabels, Dictionary<object, object> labels) =>
        matchLabels.Count > 0 && matchLabels.All(l => labels.TryGetValue(l.Key, out var v) && Equals(v?.ToString(), l.Value?.ToString()));

    private static List<(string, Dictionary<object, object>)> Load()
    {
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<(string, Dictionary<object, object>)>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var parser = new Parser(new StringReader(File.ReadAllText(file)));
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                if (deserializer.Deserialize<Dictionary<object, object>>(parser) is { } document) documents.Add((Path.GetFileName(file), document));
            }
        }
        return documents;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Synth.Orleans.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Synth.Orleans.sln above {AppContext.BaseDirectory}");
    }
}
