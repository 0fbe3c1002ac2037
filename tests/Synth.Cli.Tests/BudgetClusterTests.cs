using System.Diagnostics;
using Npgsql;
using Orleans.Runtime;
using Synth.Core.Privacy.Accounting;
using Synth.Grains.Datasets;
using Synth.Grains.Privacy;

namespace Synth.Cli.Tests;

/// <summary>
/// A privacy budget on a real cluster: two `synth silo` processes on PostgreSQL. The silo hosting a
/// dataset's budget is frozen (SIGSTOP) past the membership's death timeout; spends sent meanwhile
/// are served by the other silo; when the frozen one resumes it writes nothing, and the ledger
/// holds exactly the grants, never more than the budget.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BudgetClusterTests : ClusterTest
{
    private const double Delta = 1e-9;
    private const double TotalRho = 0.3;
    private const double SpendRho = 0.01; // 30 spends fit

    [Fact]
    public async Task Spends_sent_while_the_budgets_silo_is_frozen_past_its_death_are_served_elsewhere_and_the_thawed_silo_writes_nothing()
    {
        await using var silos = NewSilos();
        var processes = new Dictionary<string, Process> { ["silo-a"] = silos.Start("silo-a"), ["silo-b"] = silos.Start("silo-b") };
        var client = await silos.JoinedAsync(2);
        var management = client.GetGrain<IManagementGrain>(0);
        var dataset = DatasetIds.New();
        var budget = client.GetGrain<IPrivacyBudgetGrain>(dataset);
        await budget.InitializeAsync(new BudgetTotal(Zcdp.EpsilonFromRho(TotalRho, Delta), Delta, TotalRho));
        var host = await management.GetActivationAddress(budget);
        var frozenName = await SiloProcesses.NameOfAsync(management, host!);
        var frozen = processes[frozenName];

        await SiloProcesses.SignalAsync(frozen, "STOP");
        SpendResult[] duringFreeze;
        SiloAddress servedBy;
        int versionBeforeThaw;
        try
        {
            duringFreeze = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SpendUntilAnsweredAsync(budget, Spend())));
            await SiloProcesses.EventuallyAsync(async () => await StatusOfAsync(management, frozenName) == SiloStatus.Dead, "the frozen silo is declared dead");
            // Management calls may be routed to the frozen silo too: ask until one answers.
            SiloAddress? answered = null;
            await SiloProcesses.EventuallyAsync(async () => (answered = await management.GetActivationAddress(budget)) is not null, "the budget's silo is known");
            servedBy = answered!;
            versionBeforeThaw = await StoredVersionAsync(dataset);
        }
        finally
        {
            await SiloProcesses.SignalAsync(frozen, "CONT");
        }
        // Orleans' own rule: a silo that finds itself declared dead stops. Give it the time to try anything first.
        frozen.WaitForExit(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var versionAfterThaw = await StoredVersionAsync(dataset);
        // Afterwards the budget still holds exactly what is left: 10 more spends fit, 5 do not.
        var afterThaw = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => SpendUntilAnsweredAsync(budget, Spend())));
        // Read the ledger as stored (a fresh activation), not from the memory of the one that served the spends.
        await management.DeactivateGrain(budget.GetGrainId());
        var ledger = (await budget.GetAsync())!;

        duringFreeze.Should().OnlyContain(r => r.Granted);
        servedBy.Should().NotBe(host!);
        versionAfterThaw.Should().Be(versionBeforeThaw, "the thawed silo's stale activation must write nothing");
        afterThaw.Count(r => r.Granted).Should().Be(10);
        var grants = duringFreeze.Concat(afterThaw).Where(r => r.Granted).Select(r => r.SpendId!.Value).ToList();
        ledger.Ledger.Select(e => e.Id).Should().BeEquivalentTo(grants, "the ledger holds every grant once, and nothing else");
        ledger.SpentRho.Should().BeApproximately(30 * SpendRho, 1e-12).And.BeLessThanOrEqualTo(TotalRho + 1e-12);
    }

    private static SpendRequest Spend() =>
        new("analyst", "mst", SpendRho, Zcdp.EpsilonFromRho(SpendRho, Delta), JobId: null, RequestId: Guid.NewGuid());

    /// <summary>Asks until answered, with the same request id: a call lost with the frozen silo is asked again, and a grant it did get is not given twice.</summary>
    private static async Task<SpendResult> SpendUntilAnsweredAsync(IPrivacyBudgetGrain budget, SpendRequest request)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                return await budget.TrySpendAsync(request);
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // Timed out or rejected while the budget's silo is frozen: Orleans moves it once the silo is declared dead.
                await Task.Delay(250);
            }
        }
    }

    private static async Task<SiloStatus> StatusOfAsync(IManagementGrain management, string name) =>
        (await management.GetDetailedHosts(onlyActive: false)).Where(h => h.SiloName == name).Select(h => h.Status).DefaultIfEmpty(SiloStatus.None).Last();

    /// <summary>The budget's row version in PostgreSQL: every write of its state moves it on.</summary>
    private async Task<int> StoredVersionAsync(string dataset)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM orleans_storage WHERE position(@id in coalesce(grain_id_extension, '')) > 0", connection);
        command.Parameters.AddWithValue("id", dataset);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return versions.Should().ContainSingle("one stored budget").Subject;
    }
}
