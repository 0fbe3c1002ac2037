namespace Synth.Silo.Tests.Reminders;

public sealed class SqliteReminderTableTests(SqliteProvidersFixture fixture) : ReminderTableContractTests<SqliteProvidersFixture>(fixture);
