using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;
using Synth.Grains.Schemas;
using Synth.Runtime.Grains;
using Synth.Storage;

namespace Synth.Grains;

public static class SynthGrainsHosting
{
    /// <summary>Registers Synth's grains: jobs, the job index, stored schemas, datasets, their privacy budgets and fitted models.</summary>
    public static GrainTypeRegistry AddSynthGrains(this GrainTypeRegistry registry) =>
        registry
            .Add<IJobGrain, JobGrain>()
            .Add<IJobIndexGrain, JobIndexGrain>()
            .Add<ISchemaGrain, SchemaGrain>()
            .Add<IPrivacyBudgetGrain, PrivacyBudgetGrain>()
            .Add<IDatasetGrain, DatasetGrain>()
            .Add<IModelGrain, ModelGrain>()
            .Add<IDatasetModelsGrain, DatasetModelsGrain>();

    /// <summary>
    /// The artifact store from "Synth:Artifacts" (Synth__Artifacts__Kind=local|azure|s3, …):
    /// by default a local directory, ./synth-data/artifacts.
    /// </summary>
    public static IHostApplicationBuilder AddSynthArtifacts(this IHostApplicationBuilder builder)
    {
        var options = new ArtifactStoreOptions();
        builder.Configuration.GetSection(ArtifactStoreOptions.SectionName).Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => ArtifactStores.Create(options));
        return builder;
    }

    /// <summary>Makes this silo generate shards of jobs (its tags permitting). Needs AddSynthSilo and AddSynthArtifacts.</summary>
    public static IHostApplicationBuilder AddShardWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShardWorkerOptions>().BindConfiguration("Synth:Jobs");
        builder.Services.AddHostedService<ShardWorker>();
        return builder;
    }
}
