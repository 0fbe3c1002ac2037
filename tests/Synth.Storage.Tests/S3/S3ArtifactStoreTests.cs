using Synth.Storage.S3;
using Synth.Storage.Tests.TestSupport;

namespace Synth.Storage.Tests.S3;

/// <summary>The store contract on s3rver.</summary>
[Collection(S3rverCollection.Name)]
[Trait("Category", "Integration")]
public sealed class S3ArtifactStoreTests(S3rverServer s3rver) : ArtifactStoreContractTests
{
    protected override IArtifactStore CreateStore(int? pageSize = null)
    {
        var options = s3rver.NewOptions();
        options.PageSize = pageSize;
        return new S3ArtifactStore(options);
    }

    // Where s3rver is not S3, the contract still holds on S3; the store passes the service's
    // answers on unchanged, so there is nothing the store could do about it.

    [Fact(Skip = "s3rver lists by walking its directories ('p/a/1' before 'p/a-1'); S3 lists in UTF-8 binary key order")]
    public override Task A_listing_is_in_ordinal_order_even_where_directory_order_differs() => base.A_listing_is_in_ordinal_order_even_where_directory_order_differs();

    [Fact(Skip = "s3rver answers a range of an empty object with Content-Length 1 and no body; S3 answers 416, which the store turns into an empty stream")]
    public override Task A_range_of_an_empty_object_is_empty() => base.A_range_of_an_empty_object_is_empty();
}
