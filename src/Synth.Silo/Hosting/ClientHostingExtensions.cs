using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using Synth.Grains;
using Synth.Silo.Audit;
using Synth.Storage;

namespace Synth.Silo.Hosting;

/// <summary>Orleans clients of a Synth cluster (<c>synth api</c>): they host no grain and find the silos' gateways in the membership table.</summary>
public static class ClientHostingExtensions
{
    /// <summary>Adds an Orleans client of the cluster whose membership is in <paramref name="postgres"/>, and the artifact store ("Synth:Artifacts").</summary>
    public static IHostApplicationBuilder AddSynthClient(this IHostApplicationBuilder builder, string postgres)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postgres);
        builder.AddPostgresMigration(postgres);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (SiloHostingExtensions.ClusterId, SiloHostingExtensions.ClusterId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (SiloHostingExtensions.PostgresInvariant, postgres));
            client.AddDashboard();
            client.AddActivityPropagation();
        });
        builder.AddSynthArtifacts();
        // The API records its own audit events (sign-ins, keys, requests) into the cluster's table.
        builder.Services.AddSynthAudit(postgres, null);
        return builder;
    }
}
