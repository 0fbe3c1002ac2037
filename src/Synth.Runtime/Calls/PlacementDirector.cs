using Synth.Runtime.Storage;

namespace Synth.Runtime.Calls;

/// <summary>Chooses the silo for a new activation: among Active silos having every required tag, the least loaded.</summary>
public static class PlacementDirector
{
    public static SiloRecord Choose(GrainId grain, IReadOnlyList<SiloRecord> silos, IReadOnlyList<string> requiredTags)
    {
        SiloRecord? best = null;
        foreach (var silo in silos)
        {
            if (silo.Status != SiloStatus.Active || !requiredTags.All(t => silo.Tags.Contains(t, StringComparer.Ordinal))) continue;
            // Ties go to a silo chosen by the grain id, so equal silos share new activations.
            if (best is null || silo.Activations < best.Activations ||
                silo.Activations == best.Activations && Spread(grain, silo) < Spread(grain, best))
            {
                best = silo;
            }
        }
        if (best is not null) return best;
        var missing = requiredTags.Where(t => !silos.Any(s => s.Status == SiloStatus.Active && s.Tags.Contains(t, StringComparer.Ordinal))).ToList();
        throw new NoEligibleSiloException(grain.ToString(), missing.Count > 0 ? missing : requiredTags);
    }

    private static int Spread(GrainId grain, SiloRecord silo) => HashCode.Combine(grain.ToString(), silo.SiloId) & int.MaxValue;
}
