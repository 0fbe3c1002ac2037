using System.Globalization;
using Synth.Silo.Hosting;
using static Synth.Cli.Tests.Deployment.K8sManifests;

namespace Synth.Cli.Tests.Deployment;

/// <summary>
/// The Kubernetes manifests and Dockerfiles against the programs they run: images built by a
/// Dockerfile that runs the matching command, ports the programs listen on, environment variables
/// they read, probe and health-check paths they map — each set taken from the code
/// (<see cref="ProgramSurface"/>) — and the manifests' references to each other (secrets, config
/// maps, selectors, services). Syntax alone would not catch a renamed setting or route.
/// </summary>
public sealed class ManifestTests
{
    private static readonly Lazy<IReadOnlyList<string>> ApiRoutes = new(ProgramSurface.ApiRoutes);
    private static readonly Lazy<IReadOnlyList<string>> SiloRoutes = new(ProgramSurface.SiloRoutes);

    /// <summary>Containers that run a Synth image, with the role its name says (api, silo).</summary>
    private static IEnumerable<(string Workload, string Role, Dictionary<object, object> PodLabels, Dictionary<object, object> Container)> SynthContainers() =>
        from c in Containers()
        let image = Str(c.Container, "image")!
        where image.StartsWith("synth-", StringComparison.Ordinal)
        select (c.Name, image["synth-".Length..image.IndexOf(':', StringComparison.Ordinal)], c.PodLabels, c.Container);

    private static Dictionary<string, string> EnvValues(Dictionary<object, object> container) =>
        List(container, "env").Cast<Dictionary<object, object>>().Where(e => Str(e, "value") is not null).ToDictionary(e => Str(e, "name")!, e => Str(e, "value")!);

    private static Dictionary<string, int> NamedPorts(Dictionary<object, object> container) =>
        List(container, "ports").Cast<Dictionary<object, object>>().ToDictionary(p => Str(p, "name")!, p => int.Parse(Str(p, "containerPort")!, CultureInfo.InvariantCulture));

    [Fact]
    public void Every_manifest_parses_and_the_kustomization_applies_each_one_but_the_secret_example()
    {
        var files = All.Select(d => d.File).Distinct().ToList();
        var resources = List(OfKind("Kustomization").Single(), "resources").Select(r => r.ToString()).ToList();

        All.Should().OnlyContain(d => Str(d.Document, "kind") != null && Str(d.Document, "apiVersion") != null, "every document is a Kubernetes object");
        resources.Should().BeEquivalentTo(files.Where(f => f is not "kustomization.yaml" and not "secret.example.yaml"));
    }

    [Fact]
    public void Every_Synth_image_is_built_by_a_Dockerfile_that_runs_the_command_of_its_role()
    {
        var containers = SynthContainers().ToList();

        containers.Select(c => c.Role).Distinct().Should().BeEquivalentTo(["api", "silo"]);
        foreach (var (workload, role, _, _) in containers)
        {
            File.Exists(Path.Combine(Root, "Dockerfile." + role)).Should().BeTrue($"{workload} runs synth-{role}, built by Dockerfile.{role}");
            Dockerfile.Read(role).EntryPoint.Should().Equal(["dotnet", "/app/synth.dll", role], $"Dockerfile.{role} runs `synth {role}`");
        }
    }

    [Fact]
    public void Container_ports_are_the_ports_the_programs_listen_on()
    {
        foreach (var (workload, role, _, container) in SynthContainers())
        {
            var env = new Dictionary<string, string>(Dockerfile.Read(role).Environment);
            foreach (var (k, v) in EnvValues(container)) env[k] = v;
            var ports = NamedPorts(container).Values.Order().ToList();
            int[] listens = role == "api"
                ? [int.Parse(env[Synth.Api.Hosting.ListenAddress.PortVariable], CultureInfo.InvariantCulture)]
                : [SiloOptions.DefaultSiloPort, SiloOptions.DefaultGatewayPort, int.Parse(env["Synth__Silo__MetricsPort"], CultureInfo.InvariantCulture)];
            ports.Should().Equal(listens.Order(), $"{workload}'s container ports are where synth {role} listens");
            Dockerfile.Read(role).Exposed.Order().Should().Equal(listens.Order(), $"Dockerfile.{role} exposes the same ports");
        }
    }

    [Fact]
    public void Every_environment_variable_set_for_Synth_is_one_the_programs_read()
    {
        var configMaps = OfKind("ConfigMap").ToDictionary(m => Str(Map(m, "metadata"), "name")!, m => Map(m, "data").Keys.Select(k => k.ToString()!).ToList());
        var names = new List<string>();
        foreach (var (workload, role, _, container) in SynthContainers())
        {
            names.AddRange(List(container, "env").Cast<Dictionary<object, object>>().Select(e => Str(e, "name")!));
            foreach (var from in List(container, "envFrom").Cast<Dictionary<object, object>>())
            {
                var map = Str(Map(from, "configMapRef"), "name")!;
                configMaps.Should().ContainKey(map, $"{workload} takes its settings from config map {map}");
                names.AddRange(configMaps[map]);
            }
            names.AddRange(Dockerfile.Read(role).Environment.Keys);
        }

        names.Should().NotBeEmpty();
        names.Where(n => !ProgramSurface.Reads(n)).Should().BeEmpty("every variable given to a Synth container must be one its program reads (a typo or a renamed setting is silently ignored)");
    }

    [Fact]
    public void Probes_and_health_checks_ask_paths_the_programs_map_on_ports_they_listen_on()
    {
        foreach (var (workload, role, _, container) in SynthContainers())
        {
            var routes = role == "api" ? ApiRoutes.Value : SiloRoutes.Value;
            var ports = NamedPorts(container);
            var probes = new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(p => Map(Map(container, p), "httpGet")).Where(p => p.Count > 0).ToList();
            probes.Should().HaveCountGreaterThanOrEqualTo(2, $"{workload} has liveness and readiness probes");
            foreach (var probe in probes)
            {
                routes.Should().Contain(Str(probe, "path")!, $"{workload} probes a path synth {role} maps");
                ports.Should().ContainKey(Str(probe, "port")!, $"{workload} probes a port of its own");
            }

            var check = Dockerfile.Read(role).HealthCheck;
            check.Take(3).Should().Equal(["dotnet", "/app/synth.dll", "health"], $"Dockerfile.{role} checks its health with `synth health`");
            var url = new Uri(check[3]);
            routes.Should().Contain(url.AbsolutePath, $"Dockerfile.{role}'s health check asks a path synth {role} maps");
            ports.Values.Should().Contain(url.Port, $"Dockerfile.{role}'s health check asks a port synth {role} listens on");
        }
    }

    [Fact]
    public void Secrets_and_config_maps_that_containers_refer_to_exist_with_those_keys()
    {
        var secrets = OfKind("Secret").ToDictionary(s => Str(Map(s, "metadata"), "name")!, s => Map(s, "stringData").Keys.Select(k => k.ToString()!).ToHashSet());
        foreach (var (workload, _, container) in Containers())
        {
            foreach (var env in List(container, "env").Cast<Dictionary<object, object>>())
            {
                var reference = Map(Map(env, "valueFrom"), "secretKeyRef");
                if (reference.Count == 0) continue;
                secrets.Should().ContainKey(Str(reference, "name")!, $"{workload}'s {Str(env, "name")} comes from that secret (secret.example.yaml)");
                secrets[Str(reference, "name")!].Should().Contain(Str(reference, "key")!, $"{workload}'s {Str(env, "name")}");
            }
        }
        secrets["synth"].Should().Contain("jwt-signing-key", "the auth secret holds the JWT signing key (mode jwt)");
    }

    [Fact]
    public void Services_the_ingress_the_autoscaler_and_the_disruption_budget_select_what_exists()
    {
        var pods = Containers().Select(c => (c.Name, c.PodLabels)).Distinct().ToList();
        var services = OfKind("Service").ToDictionary(s => Str(Map(s, "metadata"), "name")!);
        foreach (var (name, service) in services)
        {
            pods.Should().Contain(p => Selects(Map(Map(service, "spec"), "selector"), p.PodLabels), $"service {name} selects pods");
        }

        var backend = Map(Map((Dictionary<object, object>)List(Map((Dictionary<object, object>)List(Map(OfKind("Ingress").Single(), "spec"), "rules")[0], "http"), "paths")[0], "backend"), "service");
        services.Should().ContainKey(Str(backend, "name")!);
        List(Map(services[Str(backend, "name")!], "spec"), "ports").Cast<Dictionary<object, object>>().Select(p => Str(p, "name")).Should().Contain(Str(Map(backend, "port"), "name"));

        var target = Map(Map(OfKind("HorizontalPodAutoscaler").Single(), "spec"), "scaleTargetRef");
        SynthContainers().Should().Contain(c => c.Workload == Str(target, "name") && c.Role == "api", "the autoscaler scales the API");

        var budget = Map(Map(Map(OfKind("PodDisruptionBudget").Single(), "spec"), "selector"), "matchLabels");
        SynthContainers().Where(c => Selects(budget, c.PodLabels)).Select(c => c.Role).Distinct().Should().Equal(["silo"], "the disruption budget covers the silos, every pool of them");
        SynthContainers().Where(c => c.Role == "silo").Should().OnlyContain(c => Selects(budget, c.PodLabels));
    }

    [Fact]
    public void The_network_policy_lets_only_silos_and_the_API_reach_the_silos_cluster_ports()
    {
        var policy = OfKind("NetworkPolicy").Single(p => SynthContainers().Where(c => Selects(Map(Map(Map(p, "spec"), "podSelector"), "matchLabels"), c.PodLabels)).Any(c => c.Role == "silo"));
        var clusterPorts = new[] { SiloOptions.DefaultSiloPort, SiloOptions.DefaultGatewayPort };

        foreach (var rule in List(Map(policy, "spec"), "ingress").Cast<Dictionary<object, object>>())
        {
            var ports = List(rule, "ports").Cast<Dictionary<object, object>>().Select(p => int.Parse(Str(p, "port")!, CultureInfo.InvariantCulture)).ToList();
            ports.Should().NotBeEmpty("every rule names its ports");
            foreach (var peer in List(rule, "from").Cast<Dictionary<object, object>>())
            {
                var selector = Map(Map(peer, "podSelector"), "matchLabels");
                if (selector.Count == 0)
                {
                    ports.Should().NotIntersectWith(clusterPorts, "only pods (silos, the API) reach the cluster ports; other peers at most the metrics port");
                    continue;
                }
                SynthContainers().Where(c => Selects(selector, c.PodLabels)).Select(c => c.Role).Distinct()
                    .Should().NotBeEmpty().And.BeSubsetOf(["silo", "api"], "only silos and the API reach the silos");
            }
        }
    }

    [Fact]
    public void The_ingress_carries_WebSockets_and_event_streams_for_hours_and_keeps_a_client_on_one_pod()
    {
        var annotations = Map(Map(OfKind("Ingress").Single(), "metadata"), "annotations");

        int.Parse(Str(annotations, "nginx.ingress.kubernetes.io/proxy-read-timeout")!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(3600);
        int.Parse(Str(annotations, "nginx.ingress.kubernetes.io/proxy-send-timeout")!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(3600);
        Str(annotations, "nginx.ingress.kubernetes.io/proxy-buffering").Should().Be("off");
        Str(annotations, "nginx.ingress.kubernetes.io/affinity").Should().Be("cookie", "a SignalR negotiate and its WebSocket must reach one pod");
    }

    [Fact]
    public void A_misspelt_setting_is_not_taken_for_one_the_programs_read()
    {
        ProgramSurface.Reads("Synth__Silo__MetricsPort").Should().BeTrue();
        ProgramSurface.Reads("Synth__Artifacts__S3__AccessKey").Should().BeTrue();
        ProgramSurface.Reads("Synth__Silo__Tags__0").Should().BeTrue();
        ProgramSurface.Reads("Synth__Silo__MetricPort").Should().BeFalse();
        ProgramSurface.Reads("Synth__Artifacts__S3__Acesskey").Should().BeFalse();
        ProgramSurface.Reads("SYNTH_API_PROT").Should().BeFalse();
    }
}
