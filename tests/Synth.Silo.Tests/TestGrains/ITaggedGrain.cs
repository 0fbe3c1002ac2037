namespace Synth.Silo.Tests.TestGrains;

/// <summary>Reports where its activation lives; its implementations require silo tags.</summary>
[Alias("Synth.Silo.Tests.ITaggedGrain")]
public interface ITaggedGrain : IGrainWithStringKey
{
    [Alias("Silo")]
    Task<string> Silo();
}
