using Synth.Grains.Jobs;

namespace Synth.Grains.Tests.Jobs;

/// <summary>A job activation's numbered progress events, without a cluster.</summary>
public sealed class JobProgressLogTests
{
    private static JobProgressEvent Event(JobStatus status, long rows) =>
        new("j1", status, new JobProgress(rows, 100, 0, null, 0, 0, 0, 0), null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Events_are_numbered_one_after_another_from_where_the_last_activation_reserved()
    {
        var log = new JobProgressLog(lastSequence: 256);

        var first = log.Append(Event(JobStatus.Running, 1));
        var second = log.Append(Event(JobStatus.Running, 2));

        (first.Sequence, second.Sequence).Should().Be((257, 258));
        log.After(257).Should().Equal(second);
        log.After(0).Should().Equal(first, second);
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_an_event_is_appended_or_when_woken_all()
    {
        var log = new JobProgressLog(0);
        var next = log.Next;
        next.IsCompleted.Should().BeFalse();

        log.Append(Event(JobStatus.Queued, 0));
        await next;
        var again = log.Next;
        log.WakeAll();
        await again;

        log.After(0).Should().ContainSingle();
    }

    [Fact]
    public void Only_the_most_recent_events_are_kept()
    {
        var log = new JobProgressLog(0);
        for (var i = 0; i < JobProgressLog.Capacity + 10; i++) log.Append(Event(JobStatus.Running, i));

        var kept = log.After(0);

        kept.Should().HaveCount(JobProgressLog.Capacity);
        kept[0].Sequence.Should().Be(11);
    }

    [Fact]
    public void A_restored_final_event_is_what_a_later_reader_gets()
    {
        var log = new JobProgressLog(300);
        var final = new SequencedProgress(42, Event(JobStatus.Succeeded, 100));

        log.Restore(final);

        log.After(0).Should().Equal(final);
        log.LastSequence.Should().Be(300);
    }
}
