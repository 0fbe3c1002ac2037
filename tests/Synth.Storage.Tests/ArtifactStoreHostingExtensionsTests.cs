using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Synth.Storage.Local;
using Synth.TestSupport;

namespace Synth.Storage.Tests;

/// <summary>AddSynthArtifacts: the store a host gets from "Synth:Artifacts", checked when the host starts.</summary>
public sealed class ArtifactStoreHostingExtensionsTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(s => "Synth:Artifacts:" + s.Key, s => s.Value));
        builder.AddSynthArtifacts();
        return builder.Build();
    }

    [Fact]
    public async Task A_host_configured_for_a_local_store_gets_one_at_the_configured_root()
    {
        using var root = new TempDirectory("hosting-");
        using var host = Build(new() { ["Kind"] = "local", ["Local:RootDirectory"] = root.Path });

        await host.StartAsync();
        var store = host.Services.GetRequiredService<IArtifactStore>();
        await host.StopAsync();

        store.Should().BeOfType<LocalArtifactStore>().Which.RootDirectory.Should().Be(root.Path);
        host.Services.GetRequiredService<ArtifactStoreOptions>().Kind.Should().Be(ArtifactStoreKind.Local);
        host.Services.GetRequiredService<IArtifactStore>().Should().BeSameAs(store);
    }

    [Fact]
    public async Task A_host_with_wrong_settings_does_not_start_and_names_each_setting_without_quoting_secrets()
    {
        const string Secret = "not/base64!!-very-secret";
        using var host = Build(new() { ["Kind"] = "azure", ["Azure:AccountName"] = "acct", ["Azure:AccountKey"] = Secret, ["Azure:Container"] = "Bad_Name" });

        var start = () => host.StartAsync();

        var failure = await start.Should().ThrowAsync<OptionsValidationException>();
        failure.Which.Message.Should().Contain("Synth:Artifacts:Azure:AccountKey").And.Contain("Synth:Artifacts:Azure:Container").And.NotContain(Secret);
    }

    [Fact]
    public async Task A_host_without_settings_gets_the_local_store_under_synth_data()
    {
        using var host = Build([]);

        await host.StartAsync();
        var options = host.Services.GetRequiredService<ArtifactStoreOptions>();
        await host.StopAsync();

        options.Kind.Should().Be(ArtifactStoreKind.Local);
        options.Local.RootDirectory.Should().Be(Path.Combine("synth-data", "artifacts"));
    }
}
