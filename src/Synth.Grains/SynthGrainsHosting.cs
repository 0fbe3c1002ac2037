using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Synth.Grains.Jobs;

namespace Synth.Grains;

public static class SynthGrainsHosting
{
    /// <summary>Makes this silo run shards of jobs (its tags permitting), bound from "Synth:Jobs". Needs a silo and an artifact store.</summary>
    public static IHostApplicationBuilder AddShardWorker(this IHostApplicationBuilder builder, IReadOnlyList<string> siloTags)
    {
        builder.Services.AddOptions<ShardWorkerOptions>().BindConfiguration(ShardWorkerOptions.SectionName).Configure(o => o.SiloTags = siloTags);
        builder.Services.AddHostedService<ShardWorker>();
        return builder;
    }
}
