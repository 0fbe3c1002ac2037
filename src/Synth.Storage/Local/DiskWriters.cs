using System.Collections.Concurrent;

namespace Synth.Storage.Local;

/// <summary>
/// The threads that write direct uploads' chunks to the disk. Not the thread pool: while a stream
/// flat out keeps every core busy making records, a write queued in the pool waits behind that work
/// and the disk idles meanwhile (measured on the 2-core machine: the file sink waited for its chunks
/// about twice as long). Two threads, so that two chunks can be on their way to the disk at once.
/// </summary>
internal static class DiskWriters
{
    private const int Threads = 2;

    private static readonly BlockingCollection<(Action Write, TaskCompletionSource Done)> Queue = Start();

    /// <summary>Runs <paramref name="write"/> on a disk-writer thread; the task completes (never on that thread) when it has.</summary>
    public static Task Run(Action write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((write, done));
        return done.Task;
    }

    private static BlockingCollection<(Action, TaskCompletionSource)> Start()
    {
        var queue = new BlockingCollection<(Action, TaskCompletionSource)>();
        for (var i = 0; i < Threads; i++)
        {
            new Thread(() => Serve(queue)) { IsBackground = true, Name = "synth-disk-writer" }.Start();
        }
        return queue;
    }

    private static void Serve(BlockingCollection<(Action Write, TaskCompletionSource Done)> queue)
    {
        foreach (var (write, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                write();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
