using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Synth.Grains.Jobs;
using Synth.Grains.Streams;

namespace Synth.Grains;

public static class SynthGrainsHosting
{
    /// <summary>
    /// The silo's own workers: it runs shards of jobs (its tags permitting; bound from "Synth:Jobs"),
    /// and its <see cref="StreamKeeper"/> brings streams back after a silo dies. Needs a silo and an artifact store.
    /// </summary>
    public static IHostApplicationBuilder AddSiloWorkers(this IHostApplicationBuilder builder, IReadOnlyList<string> siloTags)
    {
        builder.Services.AddOptions<ShardWorkerOptions>().BindConfiguration(ShardWorkerOptions.SectionName).Configure(o => o.SiloTags = siloTags);
        builder.Services.AddHostedService<ShardWorker>();
        builder.Services.AddHostedService<StreamKeeper>();
        return builder;
    }
}
