using Synth.Grains.Jobs;

namespace Synth.Grains.Tests.Jobs;

/// <summary>The job's shard bookkeeping on its own, without a cluster.</summary>
public sealed class ShardBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ShardBook Book(int shards) =>
        new([.. Enumerable.Range(0, shards).Select(i => new ShardState { Plan = new ShardPlan(0, i, i, i, 1, i * 10L, 10, $"p{i}", $"s{i}") })], T0);

    private static ShardClaim ClaimBy(string silo) => new(silo, [], Guid.NewGuid());

    [Fact]
    public void Claims_take_queued_shards_in_order_and_a_retried_claim_gets_the_same_shard()
    {
        var book = Book(3);
        var claim = ClaimBy("a");

        var first = book.Claim(claim, T0)!;
        var retried = book.Claim(claim, T0)!;
        var second = book.Claim(ClaimBy("b"), T0)!;

        first.Plan.Index.Should().Be(0);
        retried.Should().BeSameAs(first);
        first.Attempt.Should().Be(1);
        second.Plan.Index.Should().Be(1);
        book.Count().Should().Be(new ShardCounts(0, 1, 2, 0, 0));
    }

    [Fact]
    public void Reports_and_completions_of_a_stale_attempt_change_nothing()
    {
        var book = Book(1);
        var shard = book.Claim(ClaimBy("a"), T0)!;
        book.Requeue(shard, notBefore: null);
        var again = book.Claim(ClaimBy("b"), T0)!;

        book.Report(0, attempt: 1, 5, T0).Should().BeFalse();
        book.Complete(0, attempt: 1, bytes: 99).Should().Be(ShardCompletion.Stale);
        book.Fail(0, attempt: 1, "old", retry: true, T0).Should().Be(ShardFailure.Stale);

        again.Attempt.Should().Be(2);
        book.Report(0, attempt: 2, 7, T0).Should().BeTrue();
        book.Count().RowsDone.Should().Be(7);
        book.Complete(0, attempt: 2, bytes: 100).Should().Be(ShardCompletion.Completed);
        book.Complete(0, attempt: 2, bytes: 100).Should().Be(ShardCompletion.AlreadyDone, "a retried completion is harmless");
        book.AllDone.Should().BeTrue();
        book.Count().RowsDone.Should().Be(10);
    }

    [Fact]
    public void A_failed_shard_waits_out_its_backoff_and_the_third_failure_exhausts_it()
    {
        var book = Book(1);

        book.Fail(0, book.Claim(ClaimBy("a"), T0)!.Attempt, "e1", retry: true, T0).Should().Be(ShardFailure.Retried);
        book.Claim(ClaimBy("a"), T0).Should().BeNull("the first backoff is 1 s");
        book.AnyBackoffOver(T0.AddSeconds(1)).Should().BeTrue();
        book.Fail(0, book.Claim(ClaimBy("a"), T0.AddSeconds(1))!.Attempt, "e2", retry: true, T0.AddSeconds(1)).Should().Be(ShardFailure.Retried);
        book.Claim(ClaimBy("a"), T0.AddSeconds(2.5)).Should().BeNull("the second backoff is 2 s");
        var third = book.Claim(ClaimBy("a"), T0.AddSeconds(3))!;

        book.Fail(0, third.Attempt, "e3", retry: true, T0.AddSeconds(3)).Should().Be(ShardFailure.Exhausted);
        book.Count().Exhausted.Should().Be(1);
        third.LastError.Should().Be("e3");
    }

    [Fact]
    public void A_new_activation_takes_back_a_running_claim_it_never_hears_from()
    {
        var shards = new List<ShardState> { new() { Plan = new ShardPlan(0, 0, 0, 0, 1, 0, 10, "p0", "s0"), Status = ShardStatus.Running, Attempt = 1, Silo = "alive" } };
        var book = new ShardBook(shards, since: T0);

        book.TakeBackLost(_ => true, T0.AddSeconds(5)).Should().BeEmpty();
        book.TakeBackLost(_ => true, T0 + ShardBook.SilentClaimTimeout + TimeSpan.FromSeconds(1)).Should().ContainSingle();
    }

    [Fact]
    public void A_failure_on_the_jobs_own_input_is_not_retried()
    {
        var book = Book(1);
        var shard = book.Claim(ClaimBy("a"), T0)!;

        book.Fail(0, shard.Attempt, "bad value", retry: false, T0).Should().Be(ShardFailure.NotRetryable);
    }

    [Fact]
    public void Claims_of_a_dead_silo_or_silent_too_long_are_lost_and_taking_them_back_is_not_a_failure()
    {
        var book = Book(3);
        var onDead = book.Claim(ClaimBy("dead"), T0)!;
        var silent = book.Claim(ClaimBy("alive"), T0)!;
        var heard = book.Claim(ClaimBy("alive"), T0)!;
        var later = T0 + ShardBook.SilentClaimTimeout + TimeSpan.FromSeconds(1);
        book.Report(heard.Plan.Index, heard.Attempt, 3, later);

        var lost = book.TakeBackLost(silo => silo == "alive", later);
        foreach (var shard in lost) book.Requeue(shard, notBefore: null);

        lost.Should().BeEquivalentTo([onDead, silent]);
        onDead.Status.Should().Be(ShardStatus.Queued);
        onDead.Failures.Should().Be(0);
        book.Claim(ClaimBy("alive"), later)!.Attempt.Should().Be(2, "a new run is a new attempt, so the lost run's reports are stale");
    }
}
