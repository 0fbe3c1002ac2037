using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Synth.Silo.Hosting;

namespace Synth.Cli.Commands;

/// <summary><c>synth silo</c>: run one Orleans silo of a cluster until stopped (Ctrl-C or SIGTERM hands its grains to the others).</summary>
public static class SiloCommand
{
    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string of the cluster (env Synth__Postgres); without it the silo runs embedded" };
        var tags = new Option<string?>("--tags") { Description = "Comma-separated placement tags this silo offers, e.g. gpu (env Synth__Silo__Tags)" };
        var name = new Option<string?>("--name") { Description = "Silo name shown in the membership table (env Synth__Silo__Name)" };
        var siloPort = new Option<int?>("--silo-port") { Description = "Port for silo-to-silo traffic (env Synth__Silo__SiloPort; default 11111)" };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Port clients such as `synth api` connect to (env Synth__Silo__GatewayPort; default 30000)" };
        var advertise = new Option<string?>("--advertise") { Description = "IP address other silos and clients reach this silo at (env Synth__Silo__AdvertisedAddress; default the first non-loopback IPv4 address)" };
        var metricsPort = new Option<int?>("--metrics-port")
        {
            Description = "Port of the silo's HTTP endpoint: /metrics (Prometheus), /healthz and /readyz, without credentials, so keep it internal (env Synth__Silo__MetricsPort; default none)",
        };
        var kubernetes = new Option<bool>("--kubernetes")
        {
            Description = "Run under Orleans' Kubernetes hosting (cluster mode): name, address and cluster ids from the pod's POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_CLUSTER_ID and ORLEANS_SERVICE_ID (env Synth__Silo__Kubernetes=true; k8s/silo.yaml sets it)",
        };
        var command = new Command("silo", "Run an Orleans silo that hosts Synth's grains and runs job shards") { postgres, tags, name, siloPort, gatewayPort, advertise, metricsPort, kubernetes };
        command.SetAction((r, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (r.GetValue(postgres) is { } connection) overrides["Synth:Postgres"] = connection;
            if (r.GetValue(tags) is { } list) overrides["Synth:Silo:Tags:0"] = list;
            if (r.GetValue(name) is { } silo) overrides["Synth:Silo:Name"] = silo;
            if (r.GetValue(siloPort) is { } sp) overrides["Synth:Silo:SiloPort"] = Port("--silo-port", sp);
            if (r.GetValue(gatewayPort) is { } gp) overrides["Synth:Silo:GatewayPort"] = Port("--gateway-port", gp);
            if (r.GetValue(metricsPort) is { } mp) overrides["Synth:Silo:MetricsPort"] = Port("--metrics-port", mp);
            if (r.GetValue(advertise) is { } address)
            {
                if (!IPAddress.TryParse(address, out _)) throw new UsageException($"--advertise: '{address}' is not an IP address");
                overrides["Synth:Silo:AdvertisedAddress"] = address;
            }
            if (r.GetValue(kubernetes)) overrides["Synth:Silo:Kubernetes"] = "true";
            return RunAsync(overrides, ct);
        });
        return command;
    }

    private static string Port(string option, int port) =>
        port is > 0 and <= 65535 ? port.ToString(CultureInfo.InvariantCulture) : throw new UsageException($"{option}: {port} is not a port (1 to 65535)");

    private static async Task<int> RunAsync(Dictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        // This silo hosts grains and runs the shards its tags allow, into the artifact store of
        // Synth:Artifacts (Synth__Artifacts__Kind=local|azure|s3, …), shared by the cluster.
        IHost built;
        try
        {
            built = SiloHost.Build([], overrides);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        using var host = built;
        return await ServerRunner.RunHostAsync(host, () => { }, cancellationToken);
    }
}
