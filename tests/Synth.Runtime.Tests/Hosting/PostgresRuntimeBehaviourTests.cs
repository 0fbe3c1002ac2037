using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;
using Synth.Runtime.Tests.TestSupport;

namespace Synth.Runtime.Tests.Hosting;

/// <summary>The programming model on the cluster provider (PostgreSQL, LISTEN/NOTIFY).</summary>
[Trait("Category", "Integration")]
public sealed class PostgresRuntimeBehaviourTests(PostgresDatabase database) : RuntimeBehaviourTests, IClassFixture<PostgresDatabase>
{
    protected override Task<IClusterStore> CreateStoreAsync() => Task.FromResult<IClusterStore>(new PostgresClusterStore(database.ConnectionString));
}
