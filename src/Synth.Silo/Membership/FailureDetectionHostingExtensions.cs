using Orleans.Configuration;

namespace Synth.Silo.Membership;

/// <summary>
/// The membership settings Synth's silos run with: failover in seconds rather than Orleans' defaults
/// (a silo frozen with SIGSTOP is declared dead after about 15-20 s by default). Figures measured on
/// the project's machines are in docs/orleans-providers.md.
/// </summary>
public static class FailureDetectionHostingExtensions
{
    /// <summary>
    /// Probes every second (ProbeTimeout 1 s, bounded 0.5-2 s), suspects a silo after 3 missed probes and
    /// declares it dead on 2 votes (or every other silo's vote in a smaller cluster); heartbeats in the table
    /// every 5 s (stale after 3 missed); the table is re-read every 5 s besides gossip; dead entries are
    /// removed after a day.
    /// </summary>
    public static ISiloBuilder UseSynthFailureDetection(this ISiloBuilder builder) =>
        builder.Configure<ClusterMembershipOptions>(ConfigureFailureDetection);

    /// <summary>The settings <see cref="UseSynthFailureDetection"/> applies, for hosts that configure the options themselves.</summary>
    public static void ConfigureFailureDetection(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.MinProbeTimeout = TimeSpan.FromMilliseconds(500);
        options.MaxProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 2;
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        options.NumMissedTableIAmAliveLimit = 3;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        options.DefunctSiloExpiration = TimeSpan.FromDays(1);
    }
}
