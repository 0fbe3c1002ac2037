namespace Synth.Silo.Tests.Reminders;

/// <summary>The same contract for Orleans' ADO.NET reminder table (invariant "Npgsql") on the project's migrations.</summary>
[Trait("Category", "Integration")]
public sealed class AdoNetReminderTableTests(AdoNetProvidersFixture fixture) : ReminderTableContractTests<AdoNetProvidersFixture>(fixture);
