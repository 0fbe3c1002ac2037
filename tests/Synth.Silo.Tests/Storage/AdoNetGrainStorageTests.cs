namespace Synth.Silo.Tests.Storage;

/// <summary>The same contract for Orleans' ADO.NET grain storage (invariant "Npgsql") on the project's migrations.</summary>
[Trait("Category", "Integration")]
public sealed class AdoNetGrainStorageTests(AdoNetProvidersFixture fixture) : GrainStorageContractTests<AdoNetProvidersFixture>(fixture);
