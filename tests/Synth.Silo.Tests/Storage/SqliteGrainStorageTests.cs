namespace Synth.Silo.Tests.Storage;

public sealed class SqliteGrainStorageTests(SqliteProvidersFixture fixture) : GrainStorageContractTests<SqliteProvidersFixture>(fixture);
