using Synth.Grains.Jobs;
using Synth.Grains.Tests.TestSupport;

using Synth.TestSupport;

namespace Synth.Grains.Tests.Jobs;

public sealed class JobLifecycleTests
{
    [Fact]
    public async Task Progress_events_come_in_sequence_from_queued_to_succeeded_with_rows_that_only_grow()
    {
        await using var cluster = await SynthTestCluster.StartAsync(threads: 1);
        // Long enough (seconds) for running events between queued and succeeded: progress is published at most ~4 times a second.
        var spec = JobDriver.Spec(4_000_000, "csv", shardRows: 500_000);

        var job = await JobDriver.RunAsync(cluster, spec);

        var events = (await cluster.Grains.GetGrain<IJobGrain>(job.Id).ReadProgressAsync(0, TimeSpan.Zero)).Events.Select(e => (e.Sequence, e.Event)).ToList();
        events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), "sequences go up by one from 1, with no gap or repeat");
        events.Should().HaveCountGreaterThan(2);
        events[0].Event.Status.Should().Be(JobStatus.Queued);
        events[^1].Event.Status.Should().Be(JobStatus.Succeeded);
        events[^1].Event.Progress.RowsDone.Should().Be(4_000_000);
        events[^1].Event.Progress.ShardsDone.Should().Be(8);
        events.Select(e => e.Event.Progress.RowsDone).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_its_shards_and_leaves_no_artifact()
    {
        await using var cluster = await SynthTestCluster.StartAsync(threads: 1);
        var id = JobIds.New();
        var job = cluster.Grains.GetGrain<IJobGrain>(id);
        await job.SubmitAsync(JobDriver.Spec(50_000_000, "csv", shardRows: 1_000_000));
        await WaitForAsync(async () => (await job.GetAsync())!.Progress.RowsDone > 0);

        var cancelled = await job.CancelAsync();

        cancelled.Status.Should().Be(JobStatus.Cancelled);
        // The running shard stops at its next report and never commits; nothing is left.
        await WaitForAsync(async () => await CountArtifactsAsync(cluster, id) == 0 && (await job.GetAsync())!.Progress.ShardsRunning == 0);
        await Task.Delay(500);
        (await CountArtifactsAsync(cluster, id)).Should().Be(0);
        (await job.GetAsync())!.Status.Should().Be(JobStatus.Cancelled);
        (await job.CancelAsync()).Status.Should().Be(JobStatus.Cancelled, "cancelling twice is harmless");
    }

    [Fact]
    public async Task A_job_whose_silo_is_stopped_midway_is_finished_by_the_other_silo_with_the_exact_bytes()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 2, threads: 1);
        var spec = JobDriver.Spec(3_000_000, "csv", shardRows: 250_000);
        var id = JobIds.New();
        var job = cluster.Grains.GetGrain<IJobGrain>(id);
        await job.SubmitAsync(spec);
        await WaitForAsync(async () => (await job.GetAsync())!.Progress.ShardsDone > 0);

        // The second silo leaves (as in a rolling restart): its claims go back to the queue, the job's grain moves if it was there.
        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[^1]);
        var resumed = await JobDriver.WaitUntilFinalAsync(cluster, id);

        resumed.Status.Should().Be(JobStatus.Succeeded, resumed.Error);
        (await JobDriver.DownloadAsync(cluster, resumed.Files[0])).Should().Equal(JobDriver.SynthRun(spec));
    }

    [Fact]
    public async Task A_shard_that_fails_once_is_retried_and_the_job_still_publishes_the_exact_bytes()
    {
        FlakyArtifactStore? flaky = null;
        await using var cluster = await SynthTestCluster.StartAsync(wrapArtifacts: inner => flaky = new FlakyArtifactStore(inner, key => key.EndsWith("00001.part", StringComparison.Ordinal), failures: 1));
        var spec = JobDriver.Spec(60_000, "jsonl", shardRows: 20_000);

        var job = await JobDriver.RunAsync(cluster, spec);

        flaky!.Failed.Should().BeGreaterThanOrEqualTo(1);
        job.Status.Should().Be(JobStatus.Succeeded, job.Error);
        (await JobDriver.DownloadAsync(cluster, job.Files[0])).Should().Equal(JobDriver.SynthRun(spec));
    }

    [Fact]
    public async Task A_shard_that_keeps_failing_fails_the_job_with_its_cause_and_leaves_no_artifact()
    {
        await using var cluster = await SynthTestCluster.StartAsync(wrapArtifacts: inner => new FlakyArtifactStore(inner, key => key.EndsWith("00000.part", StringComparison.Ordinal), failures: int.MaxValue));

        var job = await JobDriver.RunAsync(cluster, JobDriver.Spec(40_000, "csv", shardRows: 20_000));

        job.Status.Should().Be(JobStatus.Failed);
        job.Error.Should().Contain("shard 0 failed 3 times").And.Contain("injected failure writing jobs/");
        job.Files.Should().BeEmpty();
        (await CountArtifactsAsync(cluster, job.Id)).Should().Be(0);
    }

    [Fact]
    public async Task Submitting_the_same_spec_twice_returns_the_one_job_and_a_different_spec_under_its_id_is_a_conflict()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var id = JobIds.ForIdempotencyKey(null, "retry-me");
        var job = cluster.Grains.GetGrain<IJobGrain>(id);
        var spec = JobDriver.Spec(1_000, "csv");

        var first = await job.SubmitAsync(spec);
        var again = await job.SubmitAsync(spec with { RequiredTags = [] });
        var conflict = async () => await job.SubmitAsync(spec with { Rows = 2_000 });

        again.Id.Should().Be(first.Id);
        again.CreatedAt.Should().Be(first.CreatedAt);
        await conflict.Should().ThrowAsync<JobConflictException>();
    }

    [Fact]
    public async Task A_job_needing_a_tag_no_silo_has_waits_in_the_queue_until_cancelled()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var job = cluster.Grains.GetGrain<IJobGrain>(JobIds.New());

        await job.SubmitAsync(JobDriver.Spec(1_000, "csv") with { RequiredTags = ["gpu"] });
        await Task.Delay(1_500);

        var waiting = (await job.GetAsync())!;
        waiting.Status.Should().Be(JobStatus.Queued);
        waiting.Progress.ShardsQueued.Should().Be(1);
        (await job.CancelAsync()).Status.Should().Be(JobStatus.Cancelled);
    }

    [Fact]
    public async Task Deleting_a_job_removes_its_files_and_forgets_it()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var done = await JobDriver.RunAsync(cluster, JobDriver.Spec(10_000, "csv", shardRows: 5_000));
        (await CountArtifactsAsync(cluster, done.Id)).Should().BeGreaterThan(0);
        var job = cluster.Grains.GetGrain<IJobGrain>(done.Id);

        (await job.DeleteAsync()).Should().BeTrue();

        (await job.GetAsync()).Should().BeNull();
        (await CountArtifactsAsync(cluster, done.Id)).Should().Be(0);
        (await cluster.Grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).ListAsync(new JobQuery())).Jobs.Should().NotContain(j => j.Id == done.Id);
        (await job.DeleteAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task The_index_lists_jobs_newest_first_by_pages_and_by_status()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await JobDriver.RunAsync(cluster, JobDriver.Spec(100 + i, "csv"))).Id);
        var waiting = cluster.Grains.GetGrain<IJobGrain>(JobIds.New());
        await waiting.SubmitAsync(JobDriver.Spec(10, "csv") with { RequiredTags = ["gpu"] });
        var index = cluster.Grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key);

        var pages = new List<JobListing>();
        string? cursor = null;
        do
        {
            var page = await index.ListAsync(new JobQuery(Status: JobStatus.Succeeded, Limit: 2, Cursor: cursor));
            page.Jobs.Count.Should().BeLessThanOrEqualTo(2);
            pages.AddRange(page.Jobs);
            cursor = page.Next;
        }
        while (cursor is not null);

        pages.Select(j => j.Id).Should().Equal(Enumerable.Reverse(ids));
        (await index.ListAsync(new JobQuery(Status: JobStatus.Queued))).Jobs.Should().ContainSingle().Which.RequiredTags.Should().Equal("gpu");
        (await index.GetActiveAsync()).Should().ContainSingle();
    }

    private static async Task<int> CountArtifactsAsync(SynthTestCluster cluster, string jobId)
    {
        var count = 0;
        await foreach (var _ in cluster.Artifacts.ListAsync($"jobs/{jobId}/")) count++;
        return count;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not hold within 60 s");
            await Task.Delay(50);
        }
    }
}
