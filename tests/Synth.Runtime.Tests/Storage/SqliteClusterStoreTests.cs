using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Sqlite;

namespace Synth.Runtime.Tests.Storage;

/// <summary>The provider contract on SQLite: one temporary database file for the class, a new store per "silo".</summary>
public sealed class SqliteClusterStoreTests(SqliteTestDatabase database) : ClusterStoreContractTests, IClassFixture<SqliteTestDatabase>
{
    // The base class migrates and disposes every store it gets; the fixture deletes the file after the last test.
    protected override Task<IClusterStore> CreateStoreAsync() => Task.FromResult<IClusterStore>(new SqliteClusterStore(database.Path));
}
