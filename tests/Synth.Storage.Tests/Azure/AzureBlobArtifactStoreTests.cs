using Synth.Storage.Azure;
using Synth.Storage.Tests.TestSupport;

namespace Synth.Storage.Tests.Azure;

/// <summary>The store contract on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AzureBlobArtifactStoreTests(AzuriteServer azurite) : ArtifactStoreContractTests
{
    protected override IArtifactStore CreateStore(int? pageSize = null)
    {
        var options = azurite.NewOptions();
        options.PageSize = pageSize;
        return new AzureBlobArtifactStore(options);
    }
}
