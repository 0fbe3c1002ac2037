using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;
using Synth.Grains.Schemas;
using Synth.Runtime.Grains;

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

    /// <summary>Makes this silo generate shards of jobs (its tags permitting). Needs AddSynthSilo and AddSynthArtifacts.</summary>
    public static IHostApplicationBuilder AddShardWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShardWorkerOptions>().BindConfiguration("Synth:Jobs");
        builder.Services.AddHostedService<ShardWorker>();
        return builder;
    }
}
