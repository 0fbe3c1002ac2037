namespace Synth.Silo.Hosting;

/// <summary>Settings of one silo, bound from "Synth:Silo" (Synth__Silo__Tags, …).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Synth:Silo";

    /// <summary>The silo port in cluster mode when none is set.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The gateway port in cluster mode when none is set.</summary>
    public const int DefaultGatewayPort = 30000;

    // What Orleans' Kubernetes hosting reads from the pod (see Kubernetes below); k8s/silo*.yaml set them.
    public const string PodNameVariable = "POD_NAME";
    public const string PodNamespaceVariable = "POD_NAMESPACE";
    public const string PodIpVariable = "POD_IP";
    public const string ClusterIdVariable = "ORLEANS_CLUSTER_ID";
    public const string ServiceIdVariable = "ORLEANS_SERVICE_ID";

    /// <summary>Name shown in the membership table and on /status. Default: machine name and process id.</summary>
    public string Name { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Placement tags this silo offers, e.g. ["gpu"] (comma-separated entries are split). Default none.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Port of silo-to-silo traffic. Default 11111 in cluster mode; embedded mode picks a free loopback port.</summary>
    public int? SiloPort { get; set; }

    /// <summary>Port clients (<c>synth api</c>) connect to. Default 30000 in cluster mode; none in embedded mode (the API is in the same process).</summary>
    public int? GatewayPort { get; set; }

    /// <summary>The IP address other silos and clients reach this one at. Default: the host's first non-loopback IPv4 address in cluster mode, 127.0.0.1 embedded.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Port of the silo's own HTTP endpoint: <c>/metrics</c> (Prometheus), <c>/healthz</c> and <c>/readyz</c>,
    /// unauthenticated (an internal port: keep it off the internet). Default none: no HTTP listener.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>
    /// Cluster mode in Kubernetes: Orleans' Kubernetes hosting takes the silo's name and advertised IP
    /// from the pod (POD_NAME, POD_IP, POD_NAMESPACE), listens on every address, and declares a silo
    /// dead as soon as its pod is gone. The ports stay <see cref="SiloPort"/> and <see cref="GatewayPort"/>.
    /// Set by k8s/silo.yaml (Synth__Silo__Kubernetes=true); the pod's service account must read pods.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>Tags as one list, whether they came as entries or as one comma-separated value.</summary>
    public IReadOnlyList<string> NormalizedTags() =>
        Tags.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
}
