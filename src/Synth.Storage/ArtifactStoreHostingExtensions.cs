using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Synth.Storage;

/// <summary>Registers the artifact store of a host (silo, API, embedded server).</summary>
public static class ArtifactStoreHostingExtensions
{
    /// <summary>
    /// The artifact store from the configuration section "Synth:Artifacts" (<c>Synth__Artifacts__Kind=local|azure|s3</c>, …),
    /// by default a local directory, ./synth-data/artifacts. The settings are validated when the host
    /// starts (<see cref="ArtifactStoreOptionsValidator"/>): a wrong one stops the start with every problem named.
    /// Registers <see cref="IArtifactStore"/> (one per host) and <see cref="ArtifactStoreOptions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSynthArtifacts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArtifactStoreOptions>().BindConfiguration(ArtifactStoreOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactStoreOptions>, ArtifactStoreOptionsValidator>());
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ArtifactStoreOptions>>().Value);
        builder.Services.TryAddSingleton(sp => ArtifactStores.Create(sp.GetRequiredService<ArtifactStoreOptions>()));
        return builder;
    }
}
