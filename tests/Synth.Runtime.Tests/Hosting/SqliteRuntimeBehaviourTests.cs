using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Sqlite;
using Synth.Runtime.Tests.Storage;

namespace Synth.Runtime.Tests.Hosting;

/// <summary>The programming model on the embedded provider (one process, SQLite, in-process signals).</summary>
public sealed class SqliteRuntimeBehaviourTests(SqliteTestDatabase database) : RuntimeBehaviourTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<IClusterStore> CreateStoreAsync() => Task.FromResult<IClusterStore>(new SqliteClusterStore(database.Path));
}
