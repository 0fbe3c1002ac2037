namespace Synth.Storage.Tests.TestSupport;

/// <summary>The test classes that share one s3rver.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverServer>
{
    public const string Name = "S3rver";
}
